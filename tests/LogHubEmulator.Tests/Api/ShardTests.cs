using System.Text.Json;
using FlumeNet.LogHubEmulator.Tests.Infrastructure;
using FlumeNet.Tools.LogHubEmulator;

namespace FlumeNet.LogHubEmulator.Tests.Api;

/// <summary>ListShards, split and merge (reference §3.1).</summary>
public sealed class ShardTests : EmulatorTestBase
{
    protected override LogHubEmulatorOptions Configure(LogHubEmulatorOptions options) => options with { Shards = 4 };

    [Fact]
    public async Task ListShards_HasAllFiveFields_AndEvenKeyRanges()
    {
        using var response = await Client.GetAsync($"/logstores/{LogstoreName}/shards");

        var shards = (await LogHubAssert.OkJsonAsync(response)).EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3], shards.Select(s => s.GetProperty("shardID").GetInt32()));
        Assert.All(shards, s => Assert.Equal("readwrite", s.GetProperty("status").GetString()));
        Assert.All(shards, s => Assert.Equal(JsonValueKind.Number, s.GetProperty("createTime").ValueKind));
        Assert.Equal(
            ["00000000000000000000000000000000", "40000000000000000000000000000000", "80000000000000000000000000000000", "c0000000000000000000000000000000"],
            shards.Select(s => s.GetProperty("inclusiveBeginKey").GetString()));
        Assert.Equal(
            ["40000000000000000000000000000000", "80000000000000000000000000000000", "c0000000000000000000000000000000", "ffffffffffffffffffffffffffffffff"],
            shards.Select(s => s.GetProperty("exclusiveEndKey").GetString()));
    }

    [Fact]
    public async Task SplitAtKey_MakesTheParentReadonly_AndAddsTwoChildren()
    {
        using var response = await Client.SendAsync(HttpMethod.Post, $"/logstores/{LogstoreName}/shards/1?action=split&key=50000000000000000000000000000000");

        var answer = (await LogHubAssert.OkJsonAsync(response)).EnumerateArray().ToList();
        Assert.Equal(
            ["1 readonly 40000000000000000000000000000000-80000000000000000000000000000000",
             "4 readwrite 40000000000000000000000000000000-50000000000000000000000000000000",
             "5 readwrite 50000000000000000000000000000000-80000000000000000000000000000000"],
            answer.Select(Describe));
        var listed = Server.ListShards(ProjectName, LogstoreName);
        Assert.Equal(6, listed.Count);
        Assert.Equal("readonly", listed.Single(s => s.ShardId == 1).Status);
    }

    [Theory]
    [InlineData("40000000000000000000000000000000")] // the begin key itself
    [InlineData("90000000000000000000000000000000")] // outside the shard
    [InlineData("xyz")]
    public async Task SplitKeyOutsideTheRange_IsRejected(string key)
    {
        using var response = await Client.SendAsync(HttpMethod.Post, $"/logstores/{LogstoreName}/shards/1?action=split&key={key}");

        await LogHubAssert.ErrorAsync(response, 400, "ParameterInvalid");
    }

    [Fact]
    public async Task AfterASplit_WritesGoOnlyToReadwriteShards_AndTheParentStaysReadable()
    {
        Server.PutLogGroup(ProjectName, LogstoreName, Group(1, 0), shard: 0);
        Server.SplitShard(ProjectName, LogstoreName, 0);
        for (var i = 1; i <= 10; i++)
        {
            using var put = await Client.PutLogsAsync(LogstoreName, Group(1, i));
            await LogHubAssert.OkAsync(put);
        }

        Assert.Single(Server.GetLogs(ProjectName, LogstoreName), l => l.Shard == 0);
        var pulled = await Client.PullAsync(LogstoreName, 0, await Client.CursorAsync(LogstoreName, 0, "begin"));
        Assert.Single(pulled.Groups);
    }

    [Fact]
    public async Task Merge_CombinesAShardWithItsRightNeighbour()
    {
        using var response = await Client.SendAsync(HttpMethod.Post, $"/logstores/{LogstoreName}/shards/2?action=merge");

        var answer = (await LogHubAssert.OkJsonAsync(response)).EnumerateArray().Select(Describe).ToList();
        Assert.Equal(
            ["4 readwrite 80000000000000000000000000000000-ffffffffffffffffffffffffffffffff",
             "2 readonly 80000000000000000000000000000000-c0000000000000000000000000000000",
             "3 readonly c0000000000000000000000000000000-ffffffffffffffffffffffffffffffff"],
            answer);
    }

    [Fact]
    public async Task AdminSplit_SplitsAtTheMiddle()
    {
        using var response = await Admin.PostAsync(new Uri(Server.BaseUri, "/_emulator/split"), new StringContent($$"""{"project":"{{ProjectName}}","logstore":"{{LogstoreName}}","shard":3}"""));

        var answer = (await LogHubAssert.OkJsonAsync(response)).EnumerateArray().Select(Describe).ToList();
        Assert.Equal("4 readwrite c0000000000000000000000000000000-dfffffffffffffffffffffffffffffff", answer[1]);
        Assert.Equal("5 readwrite dfffffffffffffffffffffffffffffff-ffffffffffffffffffffffffffffffff", answer[2]);
    }

    private static string Describe(JsonElement shard) =>
        $"{shard.GetProperty("shardID").GetInt32()} {shard.GetProperty("status").GetString()} {shard.GetProperty("inclusiveBeginKey").GetString()}-{shard.GetProperty("exclusiveEndKey").GetString()}";
}
