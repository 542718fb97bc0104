using System.Diagnostics;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Runners;

/// <summary>SIGTERM as an init system sends it: an idle agent stops at once, an agent whose destinations are all down stops after its drain limit.</summary>
[Collection("processes")]
public sealed class StopProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-stop-it-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void IdleAgent_WithKeepAlive30_StopsAtOnce_Exit0()
    {
        var port = AgentProcess.FreePort();
        var config = Path.Combine(_dir, "idle.properties");
        File.WriteAllText(config, $"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = netcat
            a1.sources.r1.bind = 127.0.0.1
            a1.sources.r1.port = {port}
            a1.sources.r1.channels = c1
            a1.channels.c1.type = memory
            a1.channels.c1.keep-alive = 30
            a1.sinks.k1.type = logger
            a1.sinks.k1.channel = c1
            """);
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(agent.WaitFor("started:"), agent.Output);
        var watch = Stopwatch.StartNew();
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        // The goal is well under 1 s (measured by tools/bench/stop-time.sh); keep-alive (30 s) waited out would show here.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"stopped after {watch.Elapsed}: {agent.Output}");
        Assert.Equal(0, agent.ExitCode);
        Assert.Contains("Shutdown Metric for type: SINK, name: k1.", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryDestinationUnreachable_SigtermStopsWithinTheDrainLimit_AndSaysWhatIsLost()
    {
        var closed = AgentProcess.FreePort();
        var blocker = Path.Combine(_dir, "not-a-dir");
        File.WriteAllText(blocker, "a file where a directory should be");
        var config = Path.Combine(_dir, "down.properties");
        File.WriteAllText(config, $"""
            a1.sources = r1
            a1.channels = c1 c2 c3
            a1.sinks = hdfs loghub roll
            a1.sources.r1.type = seq
            a1.sources.r1.batchSize = 100
            a1.sources.r1.channels = c1 c2 c3
            a1.channels.c1.type = memory
            a1.channels.c1.capacity = 500
            a1.channels.c2.type = memory
            a1.channels.c2.capacity = 500
            a1.channels.c3.type = memory
            a1.channels.c3.capacity = 500
            a1.sinks.hdfs.type = hdfs
            a1.sinks.hdfs.channel = c1
            a1.sinks.hdfs.hdfs.path = webhdfs://127.0.0.1:{closed}/flume
            a1.sinks.hdfs.hdfs.fileType = DataStream
            a1.sinks.loghub.type = com.aliyun.loghub.flume.sink.LoghubSink
            a1.sinks.loghub.channel = c2
            a1.sinks.loghub.endpoint = http://127.0.0.1:{closed}
            a1.sinks.loghub.project = p
            a1.sinks.loghub.logstore = s
            a1.sinks.loghub.accessKeyId = id
            a1.sinks.loghub.accessKey = key
            a1.sinks.loghub.batchSize = 100
            a1.sinks.roll.type = file_roll
            a1.sinks.roll.channel = c3
            a1.sinks.roll.sink.directory = {blocker}/out
            """);
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(agent.WaitFor("started:"), agent.Output);
        // Wait until the sinks have met their dead destinations (the channels fill up).
        Assert.True(agent.WaitFor("PutLogs failed", TimeSpan.FromSeconds(60)), agent.Output);
        var watch = Stopwatch.StartNew();
        agent.Terminate();
        // Drain limit 10 s, then 2 s of grace after the interrupt: 60 s leaves room for a loaded machine, and an agent
        // that waits for a sink retrying until told to stop never exits.
        Assert.True(agent.WaitForExit(TimeSpan.FromSeconds(60)), $"still running {watch.Elapsed} after SIGTERM: {agent.Output}");
        Assert.Equal(0, agent.ExitCode);
        Assert.Matches(@"ERROR .*Channel 'c2' still held \d+ events its sinks could not deliver within the drain limit; they are lost", agent.Output);
        Assert.Matches(@"ERROR .*Channel 'c3' still held \d+ events", agent.Output);
        Assert.DoesNotContain("did not stop within", agent.Output, StringComparison.Ordinal);
    }
}
