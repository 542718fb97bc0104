using System.Text;
using FlumeNet.LogHubEmulator.Tests.Infrastructure;

namespace FlumeNet.LogHubEmulator.Tests.Api;

/// <summary>The modes that stand in for the real service's conditions: RAM policies, a clock step, the PutLogs limit, timed faults, odd bodies.</summary>
public sealed class ServiceConditionTests : EmulatorTestBase
{
    [Fact]
    public async Task RamPolicy_DeniesActionsNotListed_WithTheServicesText_OtherKeysUnaffected()
    {
        using (var set = await PostAdminAsync("/_emulator/ram", $$"""{"accessKeyId":"{{Server.Options.AccessKeyId}}","actions":["log:ListConsumerGroup","GetCursorOrData"]}"""))
        {
            await LogHubAssert.OkAsync(set);
        }
        using var listed = await Client.GetAsync($"/logstores/{LogstoreName}/consumergroups");
        using var cursor = await Client.GetAsync($"/logstores/{LogstoreName}/shards/0?type=cursor&from=begin");
        using var denied = await Client.PostJsonAsync($"/logstores/{LogstoreName}/consumergroups", """{"consumerGroup":"g","timeout":60,"order":false}""");
        await LogHubAssert.OkAsync(listed);
        await LogHubAssert.OkAsync(cursor);
        var error = await LogHubAssert.ErrorAsync(denied, 401, "Unauthorized");
        Assert.Equal($"denied by sts or ram, action: log:CreateConsumerGroup, resource: acs:log:*:*:project/{ProjectName}/logstore/{LogstoreName}",
            error.GetProperty("errorMessage").GetString());

        using (var cleared = await PostAdminAsync("/_emulator/ram", $$"""{"accessKeyId":"{{Server.Options.AccessKeyId}}"}"""))
        {
            await LogHubAssert.OkAsync(cleared);
        }
        using var allowed = await Client.PostJsonAsync($"/logstores/{LogstoreName}/consumergroups", """{"consumerGroup":"g","timeout":60,"order":false}""");
        await LogHubAssert.OkAsync(allowed);
    }

    [Fact]
    public async Task StsKey_NeedsTheCurrentSecurityToken_AnOldOneOrNoneIsExpired()
    {
        using (var set = await PostAdminAsync("/_emulator/sts", $$"""{"accessKeyId":"{{Server.Options.AccessKeyId}}","securityToken":"t2"}"""))
        {
            await LogHubAssert.OkAsync(set);
        }
        KeyValuePair<string, string>[] old = [new("x-acs-security-token", "t1")];
        KeyValuePair<string, string>[] current = [new("x-acs-security-token", "t2")];
        using var none = await Client.GetAsync($"/logstores/{LogstoreName}/shards");
        using var stale = await Client.SendAsync(HttpMethod.Get, $"/logstores/{LogstoreName}/shards", extraHeaders: old);
        using var fresh = await Client.SendAsync(HttpMethod.Get, $"/logstores/{LogstoreName}/shards", extraHeaders: current);
        await LogHubAssert.ErrorAsync(none, 401, "SecurityTokenExpired");
        await LogHubAssert.ErrorAsync(stale, 401, "SecurityTokenExpired");
        await LogHubAssert.OkAsync(fresh);

        using (var cleared = await PostAdminAsync("/_emulator/sts", $$"""{"accessKeyId":"{{Server.Options.AccessKeyId}}"}"""))
        {
            await LogHubAssert.OkAsync(cleared);
        }
        using var plain = await Client.GetAsync($"/logstores/{LogstoreName}/shards");
        await LogHubAssert.OkAsync(plain);
    }

    [Fact]
    public async Task FaultForOneKey_LeavesOtherKeysWorking()
    {
        using (var set = await PostAdminAsync("/_emulator/faults", """{"operation":"*","status":500,"accessKeyId":"someone-else","count":-1}"""))
        {
            await LogHubAssert.OkAsync(set);
        }
        using var mine = await Client.GetAsync($"/logstores/{LogstoreName}/shards");
        await LogHubAssert.OkAsync(mine);
        using (var set = await PostAdminAsync("/_emulator/faults", $$"""{"operation":"*","status":500,"accessKeyId":"{{Server.Options.AccessKeyId}}","count":1}"""))
        {
            await LogHubAssert.OkAsync(set);
        }
        using var failed = await Client.GetAsync($"/logstores/{LogstoreName}/shards");
        await LogHubAssert.ErrorAsync(failed, 500, "InternalServerError");
    }

    [Fact]
    public async Task ClockStep_OfTwentyMinutes_MakesEveryRequestTooSkewed_UntilItIsUndone()
    {
        using (var step = await PostAdminAsync("/_emulator/clock", """{"offsetSeconds":1200}"""))
        {
            await LogHubAssert.OkAsync(step);
        }
        using var skewed = await Client.GetAsync($"/logstores/{LogstoreName}/shards");
        await LogHubAssert.ErrorAsync(skewed, 400, "RequestTimeTooSkewed");
        using (var back = await PostAdminAsync("/_emulator/clock", """{"offsetSeconds":0}"""))
        {
            await LogHubAssert.OkAsync(back);
        }
        using var fine = await Client.GetAsync($"/logstores/{LogstoreName}/shards");
        await LogHubAssert.OkAsync(fine);
    }

    [Fact]
    public async Task PutLimit_RefusesLargerBodies_AsPostBodyTooLarge()
    {
        using (var limit = await PostAdminAsync("/_emulator/limits", """{"maxPutRawBytes":100}"""))
        {
            await LogHubAssert.OkAsync(limit);
        }
        using var small = await Client.PutLogsAsync(LogstoreName, Group(1, 1), "lz4");
        using var large = await Client.PutLogsAsync(LogstoreName, Group(1, [.. Enumerable.Range(0, 50)]), "lz4");
        await LogHubAssert.OkAsync(small);
        await LogHubAssert.ErrorAsync(large, 400, "PostBodyTooLarge");
    }

    [Fact]
    public async Task TimedFault_HitsEveryRequestForItsDuration_ThenIsGone()
    {
        using (var added = await PostAdminAsync("/_emulator/faults", """{"operation":"ListShards","status":401,"errorCode":"Unauthorized","durationMs":800}"""))
        {
            await LogHubAssert.OkAsync(added);
        }
        for (var i = 0; i < 3; i++)
        {
            using var hit = await Client.GetAsync($"/logstores/{LogstoreName}/shards");
            await LogHubAssert.ErrorAsync(hit, 401, "Unauthorized");
        }
        await Task.Delay(1000);
        using var served = await Client.GetAsync($"/logstores/{LogstoreName}/shards");
        await LogHubAssert.OkAsync(served);
    }

    [Fact]
    public async Task BodyFault_ReplacesTheAnswer_AndCorruptStoresAGroupThatDoesNotDecode()
    {
        using (var added = await PostAdminAsync("/_emulator/faults", """{"operation":"ListShards","status":0,"body":"null"}"""))
        {
            await LogHubAssert.OkAsync(added);
        }
        using var replaced = await Client.GetAsync($"/logstores/{LogstoreName}/shards");
        Assert.Equal("null", await replaced.Content.ReadAsStringAsync());

        using (var corrupt = await PostAdminAsync("/_emulator/corrupt", $$"""{"project":"{{ProjectName}}","logstore":"{{LogstoreName}}","shard":1}"""))
        {
            await LogHubAssert.OkAsync(corrupt);
        }
        var begin = await Client.CursorAsync(LogstoreName, 1, "begin");
        using var pulled = await Client.GetAsync($"/logstores/{LogstoreName}/shards/1?type=log&cursor={Uri.EscapeDataString(begin)}&count=10");
        await LogHubAssert.OkAsync(pulled);
        Assert.Equal("1", pulled.Headers.GetValues("x-log-count").Single());
        // The stored logs dump skips it: it holds no readable log.
        Assert.Empty(Server.GetLogs(ProjectName, LogstoreName));
    }

    private Task<HttpResponseMessage> PostAdminAsync(string path, string json) =>
        Admin.PostAsync(new Uri(Server.BaseUri, path), new StringContent(json, Encoding.UTF8, "application/json"));
}
