using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using FlumeNet.Agent.Cli;

namespace FlumeNet.Benchmarks;

/// <summary>
/// <c>flume-ng agent --check</c> in-process on the hostile configs of issue 15.5: a 10,000-key <c>${…}</c> chain and a
/// 20,000-deep nesting (<c>${${…}}</c> and <c>${a:-${a:-…}}</c>). Each must take well under a second.
/// </summary>
[MemoryDiagnoser]
public class CheckPathologicalBenchmarks
{
    private const string Agent = "a1.sources = r1\na1.channels = c1\na1.sinks = k1\na1.sources.r1.type = seq\na1.sources.r1.channels = c1\na1.channels.c1.type = memory\na1.sinks.k1.type = null\na1.sinks.k1.channel = c1\n";
    private string _chain = string.Empty;
    private string _nested = string.Empty;
    private string _defaults = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var sb = new StringBuilder(Agent);
        for (var i = 0; i < 10_000; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"a1.v{i} = ${{a1.v{i + 1}}}\n");
        }
        sb.Append("a1.v10000 = end\n");
        _chain = Write("chain", sb.ToString());
        _nested = Write("nested", Agent + "a1.sinks.k1.d = " + string.Concat(Enumerable.Repeat("${", 20_000)) + "x" + new string('}', 20_000) + "\n");
        _defaults = Write("defaults", Agent + "a1.sinks.k1.d = " + string.Concat(Enumerable.Repeat("${a:-", 20_000)) + "x" + new string('}', 20_000) + "\n");
    }

    private static string Write(string name, string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"flumenet-bench-{name}.properties");
        File.WriteAllText(path, text, Encoding.Latin1);
        return path;
    }

    [Benchmark]
    public int Chain10kKeys() => FlumeNgCommand.Run(["agent", "--check", "-f", _chain, "-n", "a1"], TextWriter.Null, TextWriter.Null);

    [Benchmark]
    public int Nesting20k() => FlumeNgCommand.Run(["agent", "--check", "-f", _nested, "-n", "a1"], TextWriter.Null, TextWriter.Null);

    [Benchmark]
    public int DefaultNesting20k() => FlumeNgCommand.Run(["agent", "--check", "-f", _defaults, "-n", "a1"], TextWriter.Null, TextWriter.Null);
}
