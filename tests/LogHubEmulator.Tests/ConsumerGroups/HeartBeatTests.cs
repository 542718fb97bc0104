using System.Text.Json;
using FlumeNet.LogHubEmulator.Tests.Infrastructure;

namespace FlumeNet.LogHubEmulator.Tests.ConsumerGroups;

/// <summary>Heartbeat registration, balancing, transfer and timeouts (reference §7.2).</summary>
public sealed class HeartBeatTests : ConsumerGroupTestBase
{
    [Fact]
    public async Task UnknownConsumer_WithShards_IsNotExistConsumerWithBody()
    {
        await CreateGroupAsync(LogstoreName, "cg");

        using var response = await HeartBeatRawAsync(LogstoreName, "cg", "c1", 0);

        await LogHubAssert.ErrorAsync(response, 400, "NotExistConsumerWithBody");
    }

    [Fact]
    public async Task FirstConsumer_RegistersWithEmptyList_AndGetsEveryShard()
    {
        await CreateGroupAsync(LogstoreName, "cg");

        Assert.Equal(new[] { 0, 1 }, await HeartBeatAsync(LogstoreName, "cg", "c1"));
        Assert.Equal(new[] { 0, 1 }, await HeartBeatAsync(LogstoreName, "cg", "c1", 0, 1));
    }

    [Fact]
    public async Task SecondConsumer_GetsShardsOnlyAfterTheHolderReleasesThem()
    {
        await CreateGroupAsync(Group4, "cg");
        Assert.Equal(new[] { 0, 1, 2, 3 }, await HeartBeatAsync(Group4, "cg", "c1"));

        Assert.Empty(await HeartBeatAsync(Group4, "cg", "c2"));
        var transfers = await AllocationsAsync(Group4, "cg");
        Assert.Equal(2, transfers.Count(a => a.State == "Transfer" && a.Holder == "c1" && a.Next == "c2"));

        var kept = await HeartBeatAsync(Group4, "cg", "c1", 0, 1, 2, 3);
        Assert.Equal(2, kept.Length);
        Assert.Empty(await HeartBeatAsync(Group4, "cg", "c2"));

        Assert.Equal(kept, await HeartBeatAsync(Group4, "cg", "c1", kept));
        var moved = await HeartBeatAsync(Group4, "cg", "c2");
        Assert.Equal(2, moved.Length);
        Assert.Empty(kept.Intersect(moved));
        Assert.All(await AllocationsAsync(Group4, "cg"), a => Assert.Equal("AlreadyAlloc", a.State));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task LiveConsumers_EndBalanced_CountsDifferByAtMostOne(int consumers)
    {
        await CreateGroupAsync(Group4, "cg");
        var held = await SimulateAsync(Group4, "cg", Enumerable.Range(1, consumers).Select(i => $"c{i}").ToArray(), rounds: 4);

        AssertBalanced(held, 4);
    }

    [Fact]
    public async Task TimedOutConsumer_LosesItsShards_AndMustRegisterAgain()
    {
        await CreateGroupAsync(Group4, "cg", timeout: 10);
        var held = await SimulateAsync(Group4, "cg", ["c1", "c2"], rounds: 3);
        AssertBalanced(held, 4);

        Clock.Advance(TimeSpan.FromSeconds(6));
        held["c2"] = await HeartBeatAsync(Group4, "cg", "c2", held["c2"]);
        Clock.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(new[] { 0, 1, 2, 3 }, await HeartBeatAsync(Group4, "cg", "c2", held["c2"]));
        using var stale = await HeartBeatRawAsync(Group4, "cg", "c1", held["c1"]);
        await LogHubAssert.ErrorAsync(stale, 400, "NotExistConsumerWithBody");
        Assert.Empty(await HeartBeatAsync(Group4, "cg", "c1"));
    }

    [Fact]
    public async Task OmittedShard_IsReleased_AndReassigned()
    {
        await CreateGroupAsync(LogstoreName, "cg");
        Assert.Equal(new[] { 0, 1 }, await HeartBeatAsync(LogstoreName, "cg", "c1"));
        Assert.Empty(await HeartBeatAsync(LogstoreName, "cg", "c2"));

        // c1 keeps one shard: that is already balanced, so the other shard goes to the idle c2 at once.
        Assert.Equal(new[] { 0 }, await HeartBeatAsync(LogstoreName, "cg", "c1", 0));
        Assert.Equal(new[] { 1 }, await HeartBeatAsync(LogstoreName, "cg", "c2"));
    }

    [Fact]
    public async Task ExtraShardsInTheRequest_AreNotGranted()
    {
        await CreateGroupAsync(Group4, "cg");
        var held = await SimulateAsync(Group4, "cg", ["c1", "c2"], rounds: 3);

        var answer = await HeartBeatAsync(Group4, "cg", "c1", [0, 1, 2, 3]);

        Assert.Equal(held["c1"], answer);
    }

    private static void AssertBalanced(Dictionary<string, int[]> held, int shardCount)
    {
        var all = held.Values.SelectMany(s => s).ToList();
        Assert.Equal(Enumerable.Range(0, shardCount), all.Order());
        Assert.True(held.Values.Max(s => s.Length) - held.Values.Min(s => s.Length) <= 1, string.Join("; ", held.Select(h => $"{h.Key}=[{string.Join(',', h.Value)}]")));
    }

    /// <summary>Each consumer registers, then heart-beats what it was last granted (releasing immediately), for some rounds.</summary>
    private async Task<Dictionary<string, int[]>> SimulateAsync(string logstore, string group, string[] consumers, int rounds)
    {
        var held = consumers.ToDictionary(c => c, _ => Array.Empty<int>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var consumer in consumers)
            {
                held[consumer] = await HeartBeatAsync(logstore, group, consumer, held[consumer]);
            }
        }

        return held;
    }

    private async Task<List<(int Shard, string State, string? Holder, string? Next)>> AllocationsAsync(string logstore, string group)
    {
        var text = await Admin.GetStringAsync(new Uri(Server.BaseUri, $"/_emulator/consumergroups?project={ProjectName}&logstore={logstore}&group={group}"));
        using var document = JsonDocument.Parse(text);
        return document.RootElement.EnumerateArray()
            .Select(a => (a.GetProperty("shard").GetInt32(), a.GetProperty("state").GetString()!, a.GetProperty("holder").GetString(), a.GetProperty("next").GetString()))
            .ToList();
    }
}
