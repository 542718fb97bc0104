using System.Globalization;
using System.Text.Json;
using FlumeNet.LogHubEmulator.Tests.Infrastructure;
using FlumeNet.Tools.LogHubEmulator;

namespace FlumeNet.LogHubEmulator.Tests.Sdk;

/// <summary>Cross-checks with the independent npm client <c>@alicloud/log</c> through <c>sdk-check/put-logs.js</c>.</summary>
public sealed class AlicloudLogSdkTests : EmulatorTestBase
{
    protected override LogHubEmulatorOptions Configure(LogHubEmulatorOptions options) => options with { AccessKeyId = "id1", AccessKeySecret = "sec1" };

    [NodeFact]
    public async Task PutLogsScript_PutsLogsWithUniqueSeqSpanningTheHours()
    {
        var result = await PutLogsAsync($"http://127.0.0.1:{Server.Port}", ProjectName, "sec1", "--count", "300", "--start", "1700000000", "--spread-hours", "3", "--batch", "50");

        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.Equal(300, result.GetProperty("put").GetInt32());
        Assert.Equal(6, result.GetProperty("requests").GetInt32());
        var logs = Server.GetLogs(ProjectName, LogstoreName);
        Assert.Equal(Enumerable.Range(0, 300), logs.Select(l => int.Parse(Content(l.Contents, "seq"), CultureInfo.InvariantCulture)).Order());
        Assert.Equal(1700000000u, logs.Min(l => l.Time));
        Assert.InRange(logs.Max(l => l.Time), 1700000000u + 10700, 1700000000u + (3 * 3600) - 1);
        Assert.All(logs, l => Assert.Equal("put-logs", Content(l.Contents, "run")));
        Assert.Equal(6, Server.GetStatistics().Count("PutLogs", 200));
        Assert.Equal(2, logs.Select(l => l.Shard).Distinct().Count());
    }

    [NodeFact]
    public async Task PutLogsScript_WithALocalhostEndpoint_AddressesTheProjectByHost()
    {
        Server.CreateLogstore("proj2", LogstoreName);

        var result = await PutLogsAsync($"http://localhost:{Server.Port}", "proj2", "sec1", "--count", "5", "--first-seq", "100");

        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.Equal(5, Server.GetLogs("proj2", LogstoreName).Count);
        Assert.Empty(Server.GetLogs(ProjectName, LogstoreName));
    }

    [NodeFact]
    public async Task PutLogsScript_WithAWrongSecret_FailsOnce_WithSignatureNotMatch()
    {
        var result = await PutLogsAsync($"http://127.0.0.1:{Server.Port}", ProjectName, "wrong", "--count", "120", "--batch", "50");

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal("SignatureNotMatch", result.GetProperty("code").GetString());
        var statistics = Server.GetStatistics();
        Assert.Equal(1, statistics.TotalRequests);
        Assert.Equal(1, statistics.Count("PutLogs", 401));
        Assert.Empty(Server.GetLogs(ProjectName, LogstoreName));
    }

    [NodeFact]
    public async Task PutLogsScript_FileMode_KeepsContentsExactly()
    {
        var file = Path.Combine(Path.GetTempPath(), $"loghub-put-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """[{"time":1700000123,"contents":{"msg":"héllo, \"world\"","empty":"","n":"1"}}]""");
        try
        {
            var result = await PutLogsAsync($"http://127.0.0.1:{Server.Port}", ProjectName, "sec1", "--file", file, "--topic", "tp", "--tag", "k=v");

            Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
            var log = Assert.Single(Server.GetLogs(ProjectName, LogstoreName));
            Assert.Equal(1700000123u, log.Time);
            Assert.Equal([new("msg", "héllo, \"world\""), new("empty", ""), new("n", "1")], log.Contents);
            Assert.Equal("tp", log.Topic);
            Assert.Equal([new("k", "v")], log.Tags);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Content(IReadOnlyList<KeyValuePair<string, string>> contents, string key) => contents.Single(c => c.Key == key).Value;

    private static Task<JsonElement> PutLogsAsync(string endpoint, string project, string secret, params string[] extra) =>
        NodeRunner.RunAsync("put-logs.js", ["--endpoint", endpoint, "--project", project, "--logstore", LogstoreName, "--id", "id1", "--secret", secret, .. extra]);
}
