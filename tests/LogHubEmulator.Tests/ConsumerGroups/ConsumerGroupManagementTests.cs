using FlumeNet.LogHubEmulator.Tests.Infrastructure;

namespace FlumeNet.LogHubEmulator.Tests.ConsumerGroups;

/// <summary>Create, list, update and delete of consumer groups (reference §3.6).</summary>
public sealed class ConsumerGroupManagementTests : ConsumerGroupTestBase
{
    [Fact]
    public async Task Lifecycle_CreateListUpdateDelete()
    {
        await CreateGroupAsync(LogstoreName, "cg", 60);

        using (var again = await Client.PostJsonAsync($"/logstores/{LogstoreName}/consumergroups", """{"consumerGroup":"cg","timeout":60,"order":false}"""))
        {
            await LogHubAssert.ErrorAsync(again, 400, "ConsumerGroupAlreadyExist");
        }

        Assert.Equal("""[{"name":"cg","timeout":60,"order":false}]""", await ListAsync());

        using (var update = await Client.PutJsonAsync($"/logstores/{LogstoreName}/consumergroups/cg", """{"order":true}"""))
        {
            await LogHubAssert.OkAsync(update);
        }

        Assert.Equal("""[{"name":"cg","timeout":60,"order":true}]""", await ListAsync());

        using (var delete = await Client.SendAsync(HttpMethod.Delete, $"/logstores/{LogstoreName}/consumergroups/cg"))
        {
            await LogHubAssert.OkAsync(delete);
        }

        Assert.Equal("[]", await ListAsync());
        using var missing = await Client.SendAsync(HttpMethod.Delete, $"/logstores/{LogstoreName}/consumergroups/cg");
        await LogHubAssert.ErrorAsync(missing, 404, "ConsumerGroupNotExist");
    }

    [Theory]
    [InlineData("""{"timeout":60}""", "MissingParameter")]
    [InlineData("""{"consumerGroup":"cg","timeout":0}""", "ParameterInvalid")]
    [InlineData("""{"consumerGroup":"cg","timeout":"x"}""", "ParameterInvalid")]
    [InlineData("""not json""", "PostBodyInvalid")]
    public async Task InvalidCreate_IsRejected(string body, string errorCode)
    {
        using var response = await Client.PostJsonAsync($"/logstores/{LogstoreName}/consumergroups", body);

        await LogHubAssert.ErrorAsync(response, 400, errorCode);
    }

    [Fact]
    public async Task CallsOnAMissingGroup_AreConsumerGroupNotExist()
    {
        using var heartbeat = await HeartBeatRawAsync(LogstoreName, "nope", "c1");
        using var checkpoints = await Client.GetAsync($"/logstores/{LogstoreName}/consumergroups/nope");

        await LogHubAssert.ErrorAsync(heartbeat, 404, "ConsumerGroupNotExist");
        await LogHubAssert.ErrorAsync(checkpoints, 404, "ConsumerGroupNotExist");
    }

    private async Task<string> ListAsync()
    {
        using var response = await Client.GetAsync($"/logstores/{LogstoreName}/consumergroups");
        await LogHubAssert.OkJsonAsync(response);
        return await response.Content.ReadAsStringAsync();
    }
}
