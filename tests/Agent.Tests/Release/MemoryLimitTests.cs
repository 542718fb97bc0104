using FlumeNet.Agent.Hosting;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Release;

public sealed class MemoryLimitTests
{
    [Theory]
    [InlineData("512m", 512L * 1024 * 1024)]
    [InlineData("1G", 1024L * 1024 * 1024)]
    [InlineData("65536k", 64L * 1024 * 1024)]
    [InlineData(" 33554432 ", 32L * 1024 * 1024)]
    public void Parse_TakesBytesOrJavaSuffixes(string text, long bytes) => Assert.Equal(bytes, MemoryLimit.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("-5m")]
    [InlineData("1m")]
    [InlineData("99999999999999g")]
    [InlineData("1.5g")]
    public void Parse_RefusesWhatIsNotASizeOfAtLeast16m(string text) => Assert.Null(MemoryLimit.Parse(text));
}

/// <summary>-Dflume.memory.limit as the running agent applies it (the heap limit is per process).</summary>
[Collection("processes")]
public sealed class MemoryLimitProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-memlimit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Config()
    {
        var path = Path.Combine(_dir, "a1.properties");
        File.WriteAllText(path, """
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = seq
            a1.sources.r1.totalEvents = 10
            a1.sources.r1.channels = c1
            a1.channels.c1.type = memory
            a1.sinks.k1.type = logger
            a1.sinks.k1.channel = c1
            """);
        return path;
    }

    [Fact]
    public void Limit_IsAppliedToTheHeap_BeforeTheTopologyStarts()
    {
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", Config(), "--no-reload-conf", "-Dflume.root.logger=INFO,console", "-Dflume.memory.limit=64m");
        Assert.True(agent.WaitFor("Agent 'a1' started"), agent.Output);
        Assert.Contains("Managed heap limit 64 MB (flume.memory.limit)", agent.Output, StringComparison.Ordinal);
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.Equal(0, agent.ExitCode);
    }

    [Fact]
    public void BadLimit_RefusesToStart_NamingTheProperty()
    {
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", Config(), "--no-reload-conf", "-Dflume.root.logger=INFO,console", "-Dflume.memory.limit=lots");
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.Equal(1, agent.ExitCode);
        Assert.Contains("flume.memory.limit 'lots' is not a size of at least 16m", agent.Output, StringComparison.Ordinal);
    }
}
