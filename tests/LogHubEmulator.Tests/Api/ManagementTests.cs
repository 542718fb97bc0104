using FlumeNet.LogHubEmulator.Tests.Infrastructure;

namespace FlumeNet.LogHubEmulator.Tests.Api;

/// <summary>Project and logstore calls (reference §3.5) and the common answer rules (§1.3, §1.4).</summary>
public sealed class ManagementTests : EmulatorTestBase
{
    [Fact]
    public async Task LogstoreLifecycle_CreateGetListDelete()
    {
        using (var created = await Client.PostJsonAsync("/logstores", """{"logstoreName":"s2","ttl":7,"shardCount":3,"autoSplit":false}"""))
        {
            await LogHubAssert.OkAsync(created);
        }

        using (var again = await Client.PostJsonAsync("/logstores", """{"logstoreName":"s2","ttl":7,"shardCount":3}"""))
        {
            await LogHubAssert.ErrorAsync(again, 400, "LogStoreAlreadyExist");
        }

        using (var got = await Client.GetAsync("/logstores/s2"))
        {
            var json = await LogHubAssert.OkJsonAsync(got);
            Assert.Equal("s2", json.GetProperty("logstoreName").GetString());
            Assert.Equal(7, json.GetProperty("ttl").GetInt32());
            Assert.Equal(3, json.GetProperty("shardCount").GetInt32());
        }

        using (var listed = await Client.GetAsync("/logstores?offset=0&size=100"))
        {
            var json = await LogHubAssert.OkJsonAsync(listed);
            Assert.Equal(2, json.GetProperty("total").GetInt32());
            Assert.Equal(["s2", "store1"], json.GetProperty("logstores").EnumerateArray().Select(e => e.GetString()));
        }

        using (var filtered = await Client.GetAsync("/logstores?logstoreName=s2&offset=0&size=1"))
        {
            var json = await LogHubAssert.OkJsonAsync(filtered);
            Assert.Equal(1, json.GetProperty("count").GetInt32());
        }

        using (var deleted = await Client.SendAsync(HttpMethod.Delete, "/logstores/s2"))
        {
            await LogHubAssert.OkAsync(deleted);
        }

        using var gone = await Client.GetAsync("/logstores/s2");
        await LogHubAssert.ErrorAsync(gone, 404, "LogStoreNotExist");
    }

    [Theory]
    [InlineData("""{"shardCount":2}""", "MissingParameter")]
    [InlineData("""{"logstoreName":"../x"}""", "ParameterInvalid")]
    [InlineData("""{"logstoreName":"s3","shardCount":0}""", "ParameterInvalid")]
    public async Task InvalidCreateLogstore_IsRejected(string body, string errorCode)
    {
        using var response = await Client.PostJsonAsync("/logstores", body);

        await LogHubAssert.ErrorAsync(response, 400, errorCode);
    }

    [Fact]
    public async Task EveryAnswer_HasALowercaseRequestId()
    {
        using var ok = await Client.GetAsync("/logstores");
        using var error = await Client.GetAsync("/logstores/none");

        foreach (var response in new[] { ok, error })
        {
            var header = response.Headers.Single(h => h.Key.Equals("x-log-requestid", StringComparison.OrdinalIgnoreCase));
            Assert.Equal("x-log-requestid", header.Key);
            Assert.False(string.IsNullOrEmpty(header.Value.Single()));
        }
    }

    [Theory]
    [InlineData("PATCH", "/logstores")]
    [InlineData("GET", "/nothing/here")]
    [InlineData("GET", "/logstores/store1/shards/0?type=unknown")]
    public async Task UnknownCall_IsAJsonError(string method, string path)
    {
        using var response = await Client.SendAsync(new HttpMethod(method), path);

        await LogHubAssert.ErrorAsync(response, 400, "ParameterInvalid");
        Assert.Equal(1, Server.GetStatistics().Count("Unknown"));
    }
}
