using BenchmarkDotNet.Attributes;
using FlumeNet.Agent.Cli;

namespace FlumeNet.Benchmarks;

/// <summary><c>flume-ng agent --check</c> in-process on a 10,000-line config (read, substitute, validate, print).</summary>
[MemoryDiagnoser]
public class CheckBenchmarks
{
    private string _path = string.Empty;

    [GlobalSetup]
    public void Setup() => _path = LargeConfig.Write(10_000);

    [Benchmark]
    public int Check10kLines() => FlumeNgCommand.Run(["agent", "--check", "-f", _path, "-n", "a1"], TextWriter.Null, TextWriter.Null);
}
