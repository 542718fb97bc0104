using FlumeNet.Tools.KafkaEmulator.Groups;
using FlumeNet.Tools.KafkaEmulator.Protocol;

namespace FlumeNet.KafkaEmulator.Tests.Groups;

public sealed class ConsumerGroupTests
{
    private static readonly IReadOnlyList<(string, byte[])> Range = [("range", [1])];

    [Fact]
    public async Task SecondMember_TriggersARebalanceThatTheFirstLearnsFromItsHeartbeat()
    {
        var g = new ConsumerGroup("g");
        var first = await g.Join("", "c1", null, 10_000, 10_000, "consumer", Range);
        Assert.Equal(ErrorCode.None, first.Error);
        Assert.Equal(first.MemberId, first.Leader);
        Assert.Single(first.Members);
        var sync = await g.Sync(first.MemberId, first.Generation, new Dictionary<string, byte[]> { [first.MemberId] = [9] });
        Assert.Equal([9], sync.Assignment);

        var secondJoin = g.Join("", "c2", null, 10_000, 10_000, "consumer", Range);
        Assert.False(secondJoin.IsCompleted);
        Assert.Equal(ErrorCode.RebalanceInProgress, g.Heartbeat(first.MemberId, first.Generation));
        var rejoin = await g.Join(first.MemberId, "c1", null, 10_000, 10_000, "consumer", Range);
        var second = await secondJoin;
        Assert.Equal(rejoin.Generation, second.Generation);
        Assert.Equal(2, rejoin.Members.Count);
        Assert.Empty(second.Members);

        var followerSync = g.Sync(second.MemberId, second.Generation, new Dictionary<string, byte[]>());
        Assert.False(followerSync.IsCompleted);
        await g.Sync(rejoin.MemberId, rejoin.Generation, new Dictionary<string, byte[]> { [rejoin.MemberId] = [1], [second.MemberId] = [2] });
        Assert.Equal([2], (await followerSync).Assignment);
        Assert.Equal(GroupState.Stable, g.State);
    }

    [Fact]
    public async Task ExpiredMember_IsRemovedAndStaleCommitsAreRefused()
    {
        var g = new ConsumerGroup("g");
        var a = await g.Join("", "c1", null, 1_000, 1_000, "consumer", Range);
        await g.Sync(a.MemberId, a.Generation, new Dictionary<string, byte[]>());
        Assert.Equal(ErrorCode.None, g.Commit(a.MemberId, a.Generation, [("t", 0, 5, null)]));
        g.Tick(DateTime.UtcNow.AddSeconds(5));
        Assert.Equal(GroupState.Empty, g.State);
        Assert.Equal(ErrorCode.UnknownMemberId, g.Commit(a.MemberId, a.Generation, [("t", 0, 9, null)]));
        Assert.Equal(5, g.Committed("t", 0)!.Value.Offset);
        Assert.Equal(ErrorCode.None, g.Commit("", -1, [("t", 0, 7, null)]));
        Assert.Equal(7, g.Committed("t", 0)!.Value.Offset);
    }

    [Fact]
    public async Task CommitDuringPreparingRebalance_WithTheCurrentGeneration_IsAccepted()
    {
        var g = new ConsumerGroup("g");
        var a = await g.Join("", "c1", null, 10_000, 10_000, "consumer", Range);
        await g.Sync(a.MemberId, a.Generation, new Dictionary<string, byte[]>());
        _ = g.Join("", "c2", null, 10_000, 10_000, "consumer", Range);
        Assert.Equal(GroupState.PreparingRebalance, g.State);
        Assert.Equal(ErrorCode.None, g.Commit(a.MemberId, a.Generation, [("t", 0, 3, null)]));
    }

    [Fact]
    public async Task MemberThatDiesDuringARebalance_IsExpiredBySessionTimeout_NotTheRebalanceTimeout()
    {
        var g = new ConsumerGroup("g");
        var dead = await g.Join("", "c1", null, 1_000, 300_000, "consumer", Range);
        await g.Sync(dead.MemberId, dead.Generation, new Dictionary<string, byte[]>());
        var joining = g.Join("", "c2", null, 10_000, 300_000, "consumer", Range);
        Assert.False(joining.IsCompleted);
        g.Tick(DateTime.UtcNow.AddSeconds(5));
        var result = await joining.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ErrorCode.None, result.Error);
        Assert.Equal(result.MemberId, result.Leader);
        Assert.Single(result.Members);
    }
}
