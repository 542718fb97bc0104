using System.Diagnostics;
using System.Text;
using FlumeNet.LogHubEmulator.Tests.Infrastructure;
using FlumeNet.Tools.LogHubEmulator.Diagnostics;

namespace FlumeNet.LogHubEmulator.Tests.Api;

/// <summary>Injected faults, over the admin API and in-process.</summary>
public sealed class FaultTests : EmulatorTestBase
{
    [Fact]
    public async Task AdminFault_FailsTheNextCountRequests_ThenServesNormally()
    {
        using var added = await PostAdminAsync(
            "/_emulator/faults",
            """{"operation":"PullLogs","logstore":null,"shard":null,"status":403,"errorCode":"ShardReadQuotaExceed","errorMessage":"slow down","count":2,"delayMs":0}""");
        await LogHubAssert.OkAsync(added);
        var begin = await Client.CursorAsync(LogstoreName, 0, "begin");

        for (var i = 0; i < 2; i++)
        {
            using var failed = await PullRawAsync(0, begin);
            var error = await LogHubAssert.ErrorAsync(failed, 403, "ShardReadQuotaExceed");
            Assert.Equal("slow down", error.GetProperty("errorMessage").GetString());
        }

        using var served = await PullRawAsync(0, begin);
        await LogHubAssert.OkAsync(served);
        Assert.Equal(2, Server.GetStatistics().Count("PullLogs", 403));
    }

    [Fact]
    public async Task Fault_OnlyHitsItsOperationLogstoreAndShard()
    {
        Server.AddFault(new LogHubFault { Operation = "GetCursor", Logstore = LogstoreName, Shard = 1, Status = 500, Count = -1 });

        using var otherShard = await Client.GetAsync($"/logstores/{LogstoreName}/shards/0?type=cursor&from=begin");
        using var otherCall = await Client.GetAsync($"/logstores/{LogstoreName}/shards");
        using var hit = await Client.GetAsync($"/logstores/{LogstoreName}/shards/1?type=cursor&from=begin");
        using var hitAgain = await Client.GetAsync($"/logstores/{LogstoreName}/shards/1?type=cursor&from=end");

        await LogHubAssert.OkAsync(otherShard);
        await LogHubAssert.OkAsync(otherCall);
        await LogHubAssert.ErrorAsync(hit, 500, "InternalServerError");
        await LogHubAssert.ErrorAsync(hitAgain, 500, "InternalServerError");
    }

    [Fact]
    public async Task PutLogsQuotaFault_DefaultsToShardWriteQuotaExceed_AndStoresNothing()
    {
        Server.AddFault(new LogHubFault { Operation = "PutLogs", Status = 403 });

        using var failed = await Client.PutLogsAsync(LogstoreName, Group(1, 1), "lz4");
        using var served = await Client.PutLogsAsync(LogstoreName, Group(1, 2), "lz4");

        await LogHubAssert.ErrorAsync(failed, 403, "ShardWriteQuotaExceed");
        await LogHubAssert.OkAsync(served);
        Assert.Equal("2", Assert.Single(Server.GetLogs(ProjectName, LogstoreName)).Contents[0].Value);
    }

    [Fact]
    public async Task DelayOnlyFault_DelaysThenServes()
    {
        Server.AddFault(new LogHubFault { Operation = "*", DelayMs = 300 });
        var watch = Stopwatch.StartNew();

        using var response = await Client.GetAsync($"/logstores/{LogstoreName}/shards");

        await LogHubAssert.OkAsync(response);
        Assert.True(watch.ElapsedMilliseconds >= 290, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task AbortFault_DropsTheConnection()
    {
        Server.AddFault(new LogHubFault { Operation = "HeartBeat", AbortConnection = true });
        using (var created = await Client.PostJsonAsync($"/logstores/{LogstoreName}/consumergroups", """{"consumerGroup":"cg","timeout":60}"""))
        {
            await LogHubAssert.OkAsync(created);
        }

        await Assert.ThrowsAsync<HttpRequestException>(() => Client.PostJsonAsync($"/logstores/{LogstoreName}/consumergroups/cg?type=heartbeat&consumer=c1", "[]"));
    }

    [Fact]
    public async Task ClearingFaults_OverHttp_RestoresService()
    {
        using var added = await PostAdminAsync("/_emulator/faults", """[{"operation":"*","status":503,"count":-1}]""");
        using var failing = await Client.GetAsync("/logstores");
        await LogHubAssert.ErrorAsync(failing, 503, "ServerBusy");
        var listed = await Admin.GetStringAsync(new Uri(Server.BaseUri, "/_emulator/faults"));
        Assert.Contains("\"remaining\":-1", listed, StringComparison.Ordinal);

        using var cleared = await Admin.DeleteAsync(new Uri(Server.BaseUri, "/_emulator/faults"));
        await LogHubAssert.OkAsync(cleared);
        using var served = await Client.GetAsync("/logstores");

        await LogHubAssert.OkAsync(served);
    }

    [Fact]
    public async Task FaultsApplyAfterAuthentication()
    {
        Server.AddFault(new LogHubFault { Operation = "*", Status = 500 });
        using var badKey = NewClient(secret: "wrong");

        using var rejected = await badKey.GetAsync("/logstores");
        using var faulted = await Client.GetAsync("/logstores");

        await LogHubAssert.ErrorAsync(rejected, 401, "SignatureNotMatch");
        await LogHubAssert.ErrorAsync(faulted, 500, "InternalServerError");
    }

    [Fact]
    public async Task MalformedFault_IsRejected()
    {
        using var response = await PostAdminAsync("/_emulator/faults", """{"operation":"*","count":0}""");

        await LogHubAssert.ErrorAsync(response, 400, "ParameterInvalid");
    }

    private Task<HttpResponseMessage> PostAdminAsync(string path, string json) =>
        Admin.PostAsync(new Uri(Server.BaseUri, path), new StringContent(json, Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> PullRawAsync(int shard, string cursor) =>
        Client.GetAsync($"/logstores/{LogstoreName}/shards/{shard}?type=log&cursor={Uri.EscapeDataString(cursor)}&count=10");
}
