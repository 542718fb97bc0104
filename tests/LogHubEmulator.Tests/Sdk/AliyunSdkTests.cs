using System.Text.Json;
using FlumeNet.LogHubEmulator.Tests.Infrastructure;
using FlumeNet.Tools.LogHubEmulator;
using FlumeNet.Tools.LogHubEmulator.Protobuf;

namespace FlumeNet.LogHubEmulator.Tests.Sdk;

/// <summary>Cross-checks with the independent npm client <c>aliyun-sdk</c> through <c>sdk-check/aliyun-sdk-check.js</c>.</summary>
public sealed class AliyunSdkTests : EmulatorTestBase
{
    protected override LogHubEmulatorOptions Configure(LogHubEmulatorOptions options) => options with { AccessKeyId = "id1", AccessKeySecret = "sec1" };

    [NodeFact]
    public async Task ListShardsGetCursorPullAndPut_Work()
    {
        var group = new LogGroupRecord([new LogRecord(1700000000, [new("seq", "cs-1"), new("empty", "")])], Topic: "t", Source: "s");
        using (var put = await Client.PutLogsAsync(LogstoreName, group, "lz4", $"/shards/route?key={new string('f', 32)}"))
        {
            await LogHubAssert.OkAsync(put);
        }

        var result = await CheckAsync("--put", "3", "--from", "0");

        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        var shards = result.GetProperty("shards").EnumerateArray().ToList();
        Assert.Equal(["0 readwrite", "1 readwrite"], shards.Select(s => $"{s.GetProperty("shardID").GetInt32()} {s.GetProperty("status").GetString()}"));
        Assert.All(shards, s => Assert.Equal(32, s.GetProperty("inclusiveBeginKey").GetString()!.Length));

        var logs = result.GetProperty("logs").EnumerateArray().ToList();
        var ours = Assert.Single(logs, l => l.GetProperty("contents").TryGetProperty("seq", out var seq) && seq.GetString() == "cs-1");
        Assert.Equal(1, ours.GetProperty("shard").GetInt32());
        Assert.Equal(1700000000, ours.GetProperty("time").GetInt64());
        Assert.Equal("", ours.GetProperty("contents").GetProperty("empty").GetString());
        Assert.Equal(3, logs.Count(l => l.GetProperty("contents").TryGetProperty("src", out var src) && src.GetString() == "aliyun-sdk"));

        // What aliyun-sdk put (deflate) is stored intact.
        var stored = Server.GetLogs(ProjectName, LogstoreName).Where(l => l.Topic == "sdk-topic").ToList();
        Assert.Equal(["sdk-0", "sdk-1", "sdk-2"], stored.Select(l => l.Contents[0].Value));
        Assert.Equal(await Client.CursorAsync(LogstoreName, 0, "begin"), result.GetProperty("cursors").GetProperty("0").GetString());
    }

    [NodeFact]
    public async Task FromTimeInTheFuture_ReadsNothing()
    {
        Server.PutLogGroup(ProjectName, LogstoreName, Group(1, 1));

        var from = (Clock.GetUtcNow().ToUnixTimeSeconds() + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = await CheckAsync("--put", "0", "--from", from);

        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.Equal(0, result.GetProperty("logs").GetArrayLength());
        Assert.Equal(await Client.CursorAsync(LogstoreName, 0, "end"), result.GetProperty("cursors").GetProperty("0").GetString());
    }

    [NodeFact]
    public async Task MissingLogstore_IsReportedWithTheLogHubErrorCode()
    {
        var result = await NodeRunner.RunAsync(
            "aliyun-sdk-check.js", "--endpoint", $"http://127.0.0.1:{Server.Port}", "--project", ProjectName, "--logstore", "missing", "--id", "id1", "--secret", "sec1", "--put", "0");

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(404, result.GetProperty("code").GetInt32());
        Assert.Equal("LogStoreNotExist", result.GetProperty("errorCode").GetString());
    }

    private Task<JsonElement> CheckAsync(params string[] extra) =>
        NodeRunner.RunAsync(
            "aliyun-sdk-check.js",
            ["--endpoint", $"http://127.0.0.1:{Server.Port}", "--project", ProjectName, "--logstore", LogstoreName, "--id", "id1", "--secret", "sec1", .. extra]);
}
