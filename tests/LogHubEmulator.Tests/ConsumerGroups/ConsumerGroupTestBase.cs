using System.Text.Json;
using FlumeNet.LogHubEmulator.Tests.Infrastructure;

namespace FlumeNet.LogHubEmulator.Tests.ConsumerGroups;

/// <summary>Consumer-group calls over HTTP for the tests.</summary>
public abstract class ConsumerGroupTestBase : EmulatorTestBase
{
    protected const string Group4 = "four";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Server.CreateLogstore(ProjectName, Group4, 4);
    }

    protected async Task CreateGroupAsync(string logstore, string group, int timeout = 60, bool order = false)
    {
        using var response = await Client.PostJsonAsync(
            $"/logstores/{logstore}/consumergroups", $$"""{"consumerGroup":"{{group}}","timeout":{{timeout}},"order":{{(order ? "true" : "false")}}}""");
        await LogHubAssert.OkAsync(response);
    }

    protected Task<HttpResponseMessage> HeartBeatRawAsync(string logstore, string group, string consumer, params int[] held) =>
        Client.PostJsonAsync($"/logstores/{logstore}/consumergroups/{group}?type=heartbeat&consumer={consumer}", JsonSerializer.Serialize(held));

    protected async Task<int[]> HeartBeatAsync(string logstore, string group, string consumer, params int[] held)
    {
        using var response = await HeartBeatRawAsync(logstore, group, consumer, held);
        var json = await LogHubAssert.OkJsonAsync(response);
        return json.EnumerateArray().Select(e => e.GetInt32()).ToArray();
    }

    protected Task<HttpResponseMessage> CheckpointRawAsync(string logstore, string group, int shard, string cursor, string? consumer, bool force)
    {
        var query = consumer is null ? $"type=checkpoint&forceSuccess={(force ? "true" : "false")}" : $"type=checkpoint&consumer={consumer}&forceSuccess={(force ? "true" : "false")}";
        return Client.PostJsonAsync($"/logstores/{logstore}/consumergroups/{group}?{query}", $$"""{"shard":{{shard}},"checkpoint":"{{cursor}}"}""");
    }

    protected async Task CheckpointAsync(string logstore, string group, int shard, string cursor, string? consumer, bool force = false)
    {
        using var response = await CheckpointRawAsync(logstore, group, shard, cursor, consumer, force);
        await LogHubAssert.OkAsync(response);
    }

    protected async Task<List<JsonElement>> GetCheckpointsAsync(string logstore, string group, string query = "")
    {
        using var response = await Client.GetAsync($"/logstores/{logstore}/consumergroups/{group}{query}");
        return (await LogHubAssert.OkJsonAsync(response)).EnumerateArray().ToList();
    }
}
