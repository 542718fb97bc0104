using System.Text.Json;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Integration;

/// <summary>netcat → memory → aliyun-log-flume's LoghubSink → the LogHub emulator (a process), with write throttling and 5xx injected.</summary>
[Collection("processes")]
public sealed class LogHubSinkProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-loghub-sink-it-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void DelimitedLines_BecomeLogs_OnceEach_ThroughThrottlingAnd5xx()
    {
        using var emulator = EmulatorProcess.LogHub("--port", "0", "--project", "sinkp", "--logstore", "sinks", "--shards", "2",
            "--access-key-id", "sink-id", "--access-key", "sink-secret");
        emulator.Fault(new { operation = "PutLogs", status = 403, errorCode = "WriteQuotaExceed", errorMessage = "write quota exceeded", count = 3 });
        emulator.Fault(new { operation = "PutLogs", status = 503, errorCode = "ServerBusy", errorMessage = "busy", count = 2 });
        var port = AgentProcess.FreePort();
        var config = Path.Combine(_dir, "agent.properties");
        File.WriteAllText(config, $"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = netcat
            a1.sources.r1.bind = 127.0.0.1
            a1.sources.r1.port = {port}
            a1.sources.r1.channels = c1
            a1.channels.c1.type = memory
            a1.sinks.k1.type = com.aliyun.loghub.flume.sink.LoghubSink
            a1.sinks.k1.channel = c1
            a1.sinks.k1.endpoint = {emulator.Url}
            a1.sinks.k1.project = sinkp
            a1.sinks.k1.logstore = sinks
            a1.sinks.k1.accessKeyId = sink-id
            a1.sinks.k1.accessKey = sink-secret
            a1.sinks.k1.batchSize = 100
            a1.sinks.k1.serializer = DELIMITED
            a1.sinks.k1.columns = timestamp,seq,msg
            a1.sinks.k1.useRecordTime = true
            """);
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(agent.WaitFor("started"), agent.Output);
        var lines = Enumerable.Range(0, 500).Select(i => $"{1_700_000_000 + i},{i},\"hello, {i}\"").ToList();
        Assert.Equal(500, NetcatClient.SendAndCountOks(port, lines));
        var logs = new List<JsonElement>();
        Poll.Until(() => (logs = StoredLogs(emulator)).Count >= 500);
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.DoesNotContain("sink-secret", agent.Output, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, 500), logs.Select(l => int.Parse(l.GetProperty("contents").GetProperty("seq").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).Order());
        var first = logs.Single(l => l.GetProperty("contents").GetProperty("seq").GetString() == "7");
        Assert.Equal("hello, 7", first.GetProperty("contents").GetProperty("msg").GetString());
        Assert.Equal(1_700_000_007, first.GetProperty("time").GetInt64());
        Assert.Contains("PutLogs failed", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void OversizedEvent_IsDroppedWithAnError_AndCounted_TheRestOfItsBatchLands()
    {
        using var emulator = EmulatorProcess.LogHub("--port", "0", "--project", "sinkp", "--logstore", "sinks", "--shards", "1",
            "--access-key-id", "sink-id", "--access-key", "sink-secret");
        // The service's limit is 10 MB; a small one here makes the point with a small event.
        emulator.Admin("limits", new { maxPutRawBytes = 20_000 });
        var port = AgentProcess.FreePort();
        var metricsPort = AgentProcess.FreePort();
        var config = Path.Combine(_dir, "oversize.properties");
        File.WriteAllText(config, $"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = netcat
            a1.sources.r1.bind = 127.0.0.1
            a1.sources.r1.port = {port}
            a1.sources.r1.max-line-length = 100000
            a1.sources.r1.channels = c1
            a1.channels.c1.type = memory
            a1.sinks.k1.type = com.aliyun.loghub.flume.sink.LoghubSink
            a1.sinks.k1.channel = c1
            a1.sinks.k1.endpoint = {emulator.Url}
            a1.sinks.k1.project = sinkp
            a1.sinks.k1.logstore = sinks
            a1.sinks.k1.accessKeyId = sink-id
            a1.sinks.k1.accessKey = sink-secret
            a1.sinks.k1.batchSize = 100
            a1.sinks.k1.serializer = DELIMITED
            a1.sinks.k1.columns = seq,msg
            """);
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console",
            "-Dflume.monitoring.type=http", $"-Dflume.monitoring.port={metricsPort}");
        Assert.True(agent.WaitFor("started"), agent.Output);
        var lines = Enumerable.Range(0, 60).Select(i => i == 30 ? $"{i},{new string('x', 30_000)}" : $"{i},small {i}").ToList();
        Assert.Equal(60, NetcatClient.SendAndCountOks(port, lines));
        var logs = new List<JsonElement>();
        Poll.Until(() => (logs = StoredLogs(emulator)).Count >= 59);
        Assert.True(agent.WaitFor("drops an event of"), agent.Output);
        Assert.Equal("1", Metric(metricsPort, "SINK.k1", "EventWriteFail"));
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.Equal(Enumerable.Range(0, 60).Where(i => i != 30), logs.Select(l => int.Parse(l.GetProperty("contents").GetProperty("seq").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).Order());
    }

    private static string? Metric(int port, string component, string key)
    {
        using var http = new HttpClient();
        using var metrics = JsonDocument.Parse(http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")).GetAwaiter().GetResult());
        return metrics.RootElement.GetProperty(component).GetProperty(key).GetString();
    }

    private static List<JsonElement> StoredLogs(EmulatorProcess emulator)
    {
        using var http = new HttpClient();
        var text = http.GetStringAsync(new Uri(emulator.Url, "/_emulator/logs?project=sinkp&logstore=sinks")).GetAwaiter().GetResult();
        using var doc = JsonDocument.Parse(text);
        var array = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement : doc.RootElement.GetProperty("logs");
        return [.. array.EnumerateArray().Select(e => e.Clone())];
    }
}
