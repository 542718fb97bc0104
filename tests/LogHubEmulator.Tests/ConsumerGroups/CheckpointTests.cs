using System.Text.Json;
using FlumeNet.LogHubEmulator.Tests.Infrastructure;

namespace FlumeNet.LogHubEmulator.Tests.ConsumerGroups;

/// <summary>UpdateCheckPoint/GetCheckPoint rules, <c>over</c> and <c>order</c> (reference §3.6, §7.2).</summary>
public sealed class CheckpointTests : ConsumerGroupTestBase
{
    [Fact]
    public async Task NewGroup_HasAnEntryForEveryShard_WithUpdateTime()
    {
        await CreateGroupAsync(LogstoreName, "cg");

        var entries = await GetCheckpointsAsync(LogstoreName, "cg");

        Assert.Equal([0, 1], entries.Select(e => e.GetProperty("shard").GetInt32()));
        Assert.All(entries, e => Assert.Equal(string.Empty, e.GetProperty("checkpoint").GetString()));
        Assert.All(entries, e => Assert.Equal(JsonValueKind.Number, e.GetProperty("updateTime").ValueKind));
        Assert.All(entries, e => Assert.True(e.TryGetProperty("consumer", out _)));
    }

    [Fact]
    public async Task Holder_CanCheckpoint_WithoutForce()
    {
        await CreateGroupAsync(LogstoreName, "cg");
        await HeartBeatAsync(LogstoreName, "cg", "c1");
        var cursor = await Client.CursorAsync(LogstoreName, 1, "end");

        await CheckpointAsync(LogstoreName, "cg", 1, cursor, "c1");

        var entry = Assert.Single(await GetCheckpointsAsync(LogstoreName, "cg", "?shard=1"));
        Assert.Equal(cursor, entry.GetProperty("checkpoint").GetString());
        Assert.Equal("c1", entry.GetProperty("consumer").GetString());
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000, entry.GetProperty("updateTime").GetInt64());
    }

    [Fact]
    public async Task OtherConsumer_WithoutForce_IsConsumerNotMatch_WithForce_Succeeds()
    {
        await CreateGroupAsync(LogstoreName, "cg");
        await HeartBeatAsync(LogstoreName, "cg", "c1");
        await HeartBeatAsync(LogstoreName, "cg", "c2");
        var cursor = await Client.CursorAsync(LogstoreName, 0, "begin");

        using var refused = await CheckpointRawAsync(LogstoreName, "cg", 0, cursor, "c2", force: false);
        await LogHubAssert.ErrorAsync(refused, 400, "ConsumerNotMatch");

        await CheckpointAsync(LogstoreName, "cg", 0, cursor, "c2", force: true);
    }

    [Fact]
    public async Task UnknownConsumer_WithoutForce_IsConsumerNotExist()
    {
        await CreateGroupAsync(LogstoreName, "cg");
        var cursor = await Client.CursorAsync(LogstoreName, 0, "begin");

        using var response = await CheckpointRawAsync(LogstoreName, "cg", 0, cursor, "ghost", force: false);

        await LogHubAssert.ErrorAsync(response, 404, "ConsumerNotExist");
    }

    [Fact]
    public async Task NoConsumer_NeedsForceSuccess()
    {
        await CreateGroupAsync(LogstoreName, "cg");
        var cursor = await Client.CursorAsync(LogstoreName, 0, "begin");

        using var refused = await CheckpointRawAsync(LogstoreName, "cg", 0, cursor, consumer: null, force: false);
        await LogHubAssert.ErrorAsync(refused, 400, "ParameterInvalid");

        await CheckpointAsync(LogstoreName, "cg", 0, cursor, consumer: null, force: true);
        var entry = (await GetCheckpointsAsync(LogstoreName, "cg"))[0];
        Assert.Equal(cursor, entry.GetProperty("checkpoint").GetString());
    }

    [Theory]
    [InlineData("!!!")]
    [InlineData("MTAwMA==")]
    public async Task InvalidCheckpoint_IsInvalidShardCheckPoint(string checkpoint)
    {
        await CreateGroupAsync(LogstoreName, "cg");

        using var response = await CheckpointRawAsync(LogstoreName, "cg", 0, checkpoint, null, force: true);

        await LogHubAssert.ErrorAsync(response, 400, "InvalidShardCheckPoint");
    }

    [Fact]
    public async Task CheckpointOfAMissingShard_IsShardNotExist()
    {
        await CreateGroupAsync(LogstoreName, "cg");

        using var response = await CheckpointRawAsync(LogstoreName, "cg", 9, "MTAwMA==", null, force: true);

        await LogHubAssert.ErrorAsync(response, 404, "ShardNotExist");
        Assert.Empty(await GetCheckpointsAsync(LogstoreName, "cg", "?shard=9"));
    }

    [Fact]
    public async Task ArrayWrappedCheckpointBody_IsAccepted()
    {
        await CreateGroupAsync(LogstoreName, "cg");
        var cursor = await Client.CursorAsync(LogstoreName, 1, "begin");

        using var response = await Client.PostJsonAsync(
            $"/logstores/{LogstoreName}/consumergroups/cg?type=checkpoint&forceSuccess=true", $$"""[{"shard":1,"checkpoint":"{{cursor}}"}]""");

        await LogHubAssert.OkAsync(response);
        Assert.Equal(cursor, (await GetCheckpointsAsync(LogstoreName, "cg", "?shard=1"))[0].GetProperty("checkpoint").GetString());
    }

    [Fact]
    public async Task ReadonlyShardCheckpointedAtItsEnd_IsOver_AndNoLongerAssigned()
    {
        await CreateGroupAsync(LogstoreName, "cg");
        Server.PutLogGroup(ProjectName, LogstoreName, Group(1, 1), shard: 0);
        Server.SplitShard(ProjectName, LogstoreName, 0);
        Assert.Equal(new[] { 0, 1, 2, 3 }, await HeartBeatAsync(LogstoreName, "cg", "c1"));

        var end = await Client.CursorAsync(LogstoreName, 0, "end");
        await CheckpointAsync(LogstoreName, "cg", 0, end, "c1");

        Assert.Equal(new[] { 1, 2, 3 }, await HeartBeatAsync(LogstoreName, "cg", "c1", 0, 1, 2, 3));

        // A forced checkpoint back into the finished shard reopens it.
        await CheckpointAsync(LogstoreName, "cg", 0, await Client.CursorAsync(LogstoreName, 0, "begin"), null, force: true);
        Assert.Equal(new[] { 0, 1, 2, 3 }, await HeartBeatAsync(LogstoreName, "cg", "c1", 1, 2, 3));
    }

    [Fact]
    public async Task WithOrder_ChildrenWaitUntilTheParentIsOver()
    {
        await CreateGroupAsync(LogstoreName, "cg", order: true);
        Server.PutLogGroup(ProjectName, LogstoreName, Group(1, 1), shard: 0);
        Server.SplitShard(ProjectName, LogstoreName, 0);

        Assert.Equal(new[] { 0, 1 }, await HeartBeatAsync(LogstoreName, "cg", "c1"));
        var notYet = await Client.CursorAsync(LogstoreName, 0, "begin");
        await CheckpointAsync(LogstoreName, "cg", 0, notYet, "c1");
        Assert.Equal(new[] { 0, 1 }, await HeartBeatAsync(LogstoreName, "cg", "c1", 0, 1));

        await CheckpointAsync(LogstoreName, "cg", 0, await Client.CursorAsync(LogstoreName, 0, "end"), "c1");

        Assert.Equal(new[] { 1, 2, 3 }, await HeartBeatAsync(LogstoreName, "cg", "c1", 0, 1));
    }
}
