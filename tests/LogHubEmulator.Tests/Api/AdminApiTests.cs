using System.Text;
using System.Text.Json;
using FlumeNet.LogHubEmulator.Tests.Infrastructure;
using FlumeNet.Tools.LogHubEmulator.Protobuf;

namespace FlumeNet.LogHubEmulator.Tests.Api;

/// <summary>The unsigned <c>/_emulator/</c> API: statistics, log dump, logstore creation.</summary>
public sealed class AdminApiTests : EmulatorTestBase
{
    [Fact]
    public async Task Stats_CountRequestsPerOperationStatusAndErrorCode()
    {
        using (var ok = await Client.GetAsync($"/logstores/{LogstoreName}/shards"))
        using (var missing = await Client.GetAsync("/logstores/nope/shards"))
        {
            Assert.Equal(404, (int)missing.StatusCode);
        }

        using var document = JsonDocument.Parse(await Admin.GetStringAsync(new Uri(Server.BaseUri, "/_emulator/stats")));
        var stats = document.RootElement;

        Assert.Equal(2, stats.GetProperty("total").GetInt32());
        Assert.Equal(2, stats.GetProperty("operations").GetProperty("ListShards").GetInt32());
        Assert.Equal(1, stats.GetProperty("statuses").GetProperty("200").GetInt32());
        Assert.Equal(1, stats.GetProperty("statuses").GetProperty("404").GetInt32());
        Assert.Equal(1, stats.GetProperty("errorCodes").GetProperty("LogStoreNotExist").GetInt32());
        Assert.Equal(1, stats.GetProperty("byOperation").GetProperty("ListShards").GetProperty("404").GetInt32());

        using var reset = await Admin.DeleteAsync(new Uri(Server.BaseUri, "/_emulator/stats"));
        Assert.Equal(0, Server.GetStatistics().TotalRequests);
    }

    [Fact]
    public async Task Logs_DumpsShardReceiveTimeLogTimeAndContents()
    {
        var group = new LogGroupRecord([new LogRecord(1700000000, [new("seq", "1"), new("msg", "hello")])], Topic: "tp", Source: "src", Tags: [new("k", "v")]);
        using (var put = await Client.PutLogsAsync(LogstoreName, group, "lz4", $"/shards/route?key={new string('f', 32)}"))
        {
            await LogHubAssert.OkAsync(put);
        }

        using var document = JsonDocument.Parse(await Admin.GetStringAsync(new Uri(Server.BaseUri, $"/_emulator/logs?project={ProjectName}&logstore={LogstoreName}")));

        var log = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal(1, log.GetProperty("shard").GetInt32());
        Assert.Equal(1700000000, log.GetProperty("time").GetInt64());
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeSeconds(), log.GetProperty("receiveTime").GetInt64());
        Assert.Equal("hello", log.GetProperty("contents").GetProperty("msg").GetString());
        Assert.Equal("v", log.GetProperty("tags").GetProperty("k").GetString());
        Assert.Equal("tp", log.GetProperty("topic").GetString());
        Assert.Equal(await Client.CursorAsync(LogstoreName, 1, "begin"), log.GetProperty("cursor").GetString());
    }

    [Fact]
    public async Task Logstores_CreatesProjectAndLogstore_Idempotently()
    {
        for (var i = 0; i < 2; i++)
        {
            using var response = await Admin.PostAsync(
                new Uri(Server.BaseUri, "/_emulator/logstores"), new StringContent("""{"project":"p9","logstore":"s9","shards":3}""", Encoding.UTF8, "application/json"));
            Assert.Equal(3, (await LogHubAssert.OkJsonAsync(response)).GetArrayLength());
        }

        Client.Host = "p9.localhost";
        using var shards = await Client.GetAsync("/logstores/s9/shards");
        Assert.Equal(3, (await LogHubAssert.OkJsonAsync(shards)).GetArrayLength());
    }

    [Fact]
    public async Task AdminRequests_AreNotCounted_AndUnknownOnesAreJsonErrors()
    {
        using var unknown = await Admin.GetAsync(new Uri(Server.BaseUri, "/_emulator/nothing"));

        await LogHubAssert.ErrorAsync(unknown, 404, "InvalidAdminRequest");
        Assert.Equal(0, Server.GetStatistics().TotalRequests);
    }
}
