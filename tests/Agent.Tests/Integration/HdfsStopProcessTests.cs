using System.Diagnostics;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Integration;

/// <summary>
/// Issue 10.3 for the HDFS sink: SIGTERM while its NameNode is down (a closed port). The sink is interrupted at the
/// drain limit (IInterruptible) instead of retrying within callTimeout until told to stop, so the agent exits after
/// the drain limit and says at ERROR how many events the memory channel still held.
/// </summary>
[Collection("processes")]
public sealed class HdfsStopProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-hdfs-stop-it-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void NameNodeDown_SigtermStopsWithinTheDrainLimit_AndCountsWhatIsLost()
    {
        var closed = AgentProcess.FreePort();
        var port = AgentProcess.FreePort();
        var config = Path.Combine(_dir, "down.properties");
        // callTimeout 10 min: without the interrupt one CREATE alone would retry far longer than the drain limit.
        File.WriteAllText(config, $"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = netcat
            a1.sources.r1.bind = 127.0.0.1
            a1.sources.r1.port = {port}
            a1.sources.r1.channels = c1
            a1.channels.c1.type = memory
            a1.sinks.k1.type = hdfs
            a1.sinks.k1.channel = c1
            a1.sinks.k1.hdfs.path = webhdfs://127.0.0.1:{closed}/flume
            a1.sinks.k1.hdfs.fileType = DataStream
            a1.sinks.k1.hdfs.batchSize = 10
            a1.sinks.k1.hdfs.callTimeout = 600000
            """);
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(agent.WaitFor("started:"), agent.Output);
        var lines = Enumerable.Range(0, 50).Select(i => $"line {i}").ToList();
        Assert.Equal(lines.Count, NetcatClient.SendAndCountOks(port, lines));
        // The sink is inside a call that retries the refused connection (within its callTimeout).
        Assert.True(agent.WaitFor("Connection refused", TimeSpan.FromSeconds(60)), agent.Output);
        var watch = Stopwatch.StartNew();
        agent.Terminate();
        // Drain limit 10 s, then 2 s of grace after the interrupt (about 14 s); two minutes leave room for a loaded
        // machine, and a sink that retried within its 10 min callTimeout until told to stop would hold the agent longer.
        Assert.True(agent.WaitForExit(Poll.Patience), $"still running {watch.Elapsed} after SIGTERM: {agent.Output}");
        Assert.Equal(0, agent.ExitCode);
        Assert.Matches(@"ERROR .*Channel 'c1' still held \d+ events its sinks could not deliver within the drain limit; they are lost", agent.Output);
        Assert.DoesNotContain("did not stop within", agent.Output, StringComparison.Ordinal);
        Assert.Contains("the sink stops and its drain limit has passed", agent.Output, StringComparison.Ordinal);
    }
}
