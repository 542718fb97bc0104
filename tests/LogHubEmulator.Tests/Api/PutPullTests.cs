using System.Globalization;
using FlumeNet.LogHubEmulator.Tests.Infrastructure;
using FlumeNet.Tools.LogHubEmulator.Protobuf;

namespace FlumeNet.LogHubEmulator.Tests.Api;

/// <summary>PutLogs and PullLogs over HTTP with every compression (reference §3.3, §3.4, §5).</summary>
public sealed class PutPullTests : EmulatorTestBase
{
    [Theory]
    [InlineData(null, "lz4")]
    [InlineData("lz4", "lz4")]
    [InlineData("deflate", "deflate")]
    [InlineData("lz4", "")]
    [InlineData(null, "deflate, lz4")]
    [InlineData("deflate", "zstd, lz4")]
    public async Task PutThenPull_RoundTripsTheGroup(string? putCompression, string acceptEncoding)
    {
        var group = new LogGroupRecord(
            [new LogRecord(1700000000, [new("a", "1"), new("b", "")], TimeNs: 42), new LogRecord(1700000001, [new("c", "ü")])],
            Topic: "", Source: "10.0.0.1", Tags: [new("__hostname__", "h1")]);
        using var put = await Client.PutLogsAsync(LogstoreName, group, putCompression, $"/shards/route?key={new string('0', 32)}");
        await LogHubAssert.OkAsync(put);

        var pulled = await Client.PullAsync(LogstoreName, 0, await Client.CursorAsync(LogstoreName, 0, "begin"), acceptEncoding: acceptEncoding.Length == 0 ? null : acceptEncoding);

        var back = Assert.Single(pulled.Groups);
        Assert.Equal(LogGroupSerializer.SerializeGroup(group), LogGroupSerializer.SerializeGroup(back));
        Assert.Equal(1, pulled.Count);
        Assert.Equal("application/x-protobuf", pulled.ContentType);
        Assert.Equal("1", pulled.EndOfCursor);
        var expectedType = acceptEncoding switch { "" => "", "deflate" or "deflate, lz4" => "deflate", _ => "lz4" };
        Assert.Equal(expectedType, pulled.CompressType);
        Assert.Equal(LogGroupSerializer.SerializeGroupList([LogGroupSerializer.SerializeGroup(group)]).Length, pulled.RawSize);
    }

    [Fact]
    public async Task PullResponse_HasTheRequiredHeaders()
    {
        using var put = await Client.PutLogsAsync(LogstoreName, Group(1, 1), "lz4", $"/shards/route?key={new string('0', 32)}");
        var begin = await Client.CursorAsync(LogstoreName, 0, "begin");

        using var response = await Client.SendAsync(HttpMethod.Get, $"/logstores/{LogstoreName}/shards/0?type=log&cursor={Uri.EscapeDataString(begin)}&count=10", tweak: r => r.Headers.TryAddWithoutValidation("Accept-Encoding", "lz4"));

        await LogHubAssert.OkAsync(response);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType!.ToString());
        foreach (var name in new[] { "x-log-cursor", "x-log-count", "x-log-bodyrawsize", "x-log-compresstype", "x-log-end-of-cursor", "x-log-requestid" })
        {
            Assert.True(response.Headers.Contains(name), name);
        }
    }

    [Fact]
    public async Task EmptyPull_ReturnsTheSameCursor_AndNoBody()
    {
        var end = await Client.CursorAsync(LogstoreName, 1, "end");

        var pulled = await Client.PullAsync(LogstoreName, 1, end);

        Assert.Empty(pulled.Groups);
        Assert.Equal(end, pulled.NextCursor);
        Assert.Equal(0, pulled.Count);
        Assert.Equal(0, pulled.RawSize);
        Assert.Equal(0, pulled.BodyLength);
        Assert.Equal(string.Empty, pulled.CompressType);
        Assert.Equal("1", pulled.EndOfCursor);
    }

    [Fact]
    public async Task LoadBalancedPuts_GoRoundRobinOverTheShards()
    {
        for (var i = 0; i < 4; i++)
        {
            using var put = await Client.PutLogsAsync(LogstoreName, Group(1, i));
            await LogHubAssert.OkAsync(put);
        }

        var logs = Server.GetLogs(ProjectName, LogstoreName);
        Assert.Equal([0, 2], logs.Where(l => l.Shard == 0).Select(l => int.Parse(l.Contents[0].Value, CultureInfo.InvariantCulture)));
        Assert.Equal([1, 3], logs.Where(l => l.Shard == 1).Select(l => int.Parse(l.Contents[0].Value, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("00000000000000000000000000000000", 0)]
    [InlineData("7fffffffffffffffffffffffffffffff", 0)]
    [InlineData("80000000000000000000000000000000", 1)]
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", 1)]
    public async Task RoutedPut_GoesToTheShardContainingTheKey(string key, int shard)
    {
        using var put = await Client.PutLogsAsync(LogstoreName, Group(1, 7), target: $"/shards/route?key={key}");

        await LogHubAssert.OkAsync(put);
        Assert.Equal(shard, Assert.Single(Server.GetLogs(ProjectName, LogstoreName)).Shard);
    }

    [Fact]
    public async Task GoStylePutToTheLogstorePath_IsAccepted()
    {
        using var put = await Client.PutLogsAsync(LogstoreName, Group(1, 1), "lz4", target: string.Empty);

        await LogHubAssert.OkAsync(put);
        Assert.Single(Server.GetLogs(ProjectName, LogstoreName));
    }

    [Fact]
    public async Task ServerStampsReceiveTime_AndKeepsLogTime()
    {
        using var put = await Client.PutLogsAsync(LogstoreName, Group(1234, 1));

        var log = Assert.Single(Server.GetLogs(ProjectName, LogstoreName));
        Assert.Equal(1234u, log.Time);
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeMilliseconds(), log.ReceiveTimeMs);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-5, 1)]
    [InlineData(2, 2)]
    [InlineData(5000, 1000)]
    public async Task PullCount_IsClampedTo1Through1000(int count, int expectedGroups)
    {
        for (var i = 0; i < 1001; i += 500)
        {
            var batch = Enumerable.Range(i, Math.Min(500, 1001 - i)).Select(n => Group(1, n)).ToList();
            foreach (var group in batch)
            {
                Server.PutLogGroup(ProjectName, LogstoreName, group, shard: 0);
            }
        }

        var pulled = await Client.PullAsync(LogstoreName, 0, await Client.CursorAsync(LogstoreName, 0, "begin"), count);

        Assert.Equal(expectedGroups, pulled.Count);
        Assert.Equal(expectedGroups, pulled.Groups.Count);
        Assert.Equal("0", pulled.EndOfCursor);
    }

    [Fact]
    public async Task EndCursor_StopsThePull()
    {
        for (var i = 0; i < 5; i++)
        {
            Server.PutLogGroup(ProjectName, LogstoreName, Group(1, i), shard: 0);
        }

        var begin = await Client.CursorAsync(LogstoreName, 0, "begin");
        var third = (await Client.PullAsync(LogstoreName, 0, begin, 2)).NextCursor;

        var pulled = await Client.PullAsync(LogstoreName, 0, begin, 100, endCursor: third);

        Assert.Equal(2, pulled.Count);
        Assert.Equal(third, pulled.NextCursor);
        Assert.Equal("0", pulled.EndOfCursor);
    }

    [Fact]
    public async Task TypeLogs_IsAcceptedLikeTypeLog()
    {
        Server.PutLogGroup(ProjectName, LogstoreName, Group(1, 1), shard: 0);
        var begin = await Client.CursorAsync(LogstoreName, 0, "begin");

        using var response = await Client.GetAsync($"/logstores/{LogstoreName}/shards/0?type=logs&cursor={Uri.EscapeDataString(begin)}&count=10");

        await LogHubAssert.OkAsync(response);
        Assert.Equal("1", response.Headers.GetValues("x-log-count").Single());
    }

    [Fact]
    public async Task UnparsableProtobuf_IsPostBodyInvalid()
    {
        var body = Convert.FromHexString("0a00");
        using var response = await Client.SendAsync(HttpMethod.Post, $"/logstores/{LogstoreName}/shards/lb", body, "application/x-protobuf");

        await LogHubAssert.ErrorAsync(response, 400, "PostBodyInvalid");
        Assert.Empty(Server.GetLogs(ProjectName, LogstoreName));
    }

    [Fact]
    public async Task LogGroupWithoutLogs_IsPostBodyInvalid()
    {
        using var response = await Client.PutLogsAsync(LogstoreName, new LogGroupRecord([], Topic: "t"), "lz4");

        await LogHubAssert.ErrorAsync(response, 400, "PostBodyInvalid");
    }

    [Fact]
    public async Task Lz4BodyWithWrongRawSize_IsPostBodyUncompressError()
    {
        var raw = LogGroupSerializer.SerializeGroup(Group(1, 1));
        using var response = await Client.SendAsync(
            HttpMethod.Post,
            $"/logstores/{LogstoreName}/shards/lb",
            TestCompression.Compress("lz4", raw),
            "application/x-protobuf",
            [new("x-log-compresstype", "lz4"), new("x-log-bodyrawsize", (raw.Length + 5).ToString(CultureInfo.InvariantCulture))]);

        await LogHubAssert.ErrorAsync(response, 400, "PostBodyUncompressError");
    }

    [Fact]
    public async Task GarbageDeflateBody_IsPostBodyUncompressError()
    {
        using var response = await Client.SendAsync(
            HttpMethod.Post, $"/logstores/{LogstoreName}/shards/lb", [1, 2, 3, 4], "application/x-protobuf", [new("x-log-compresstype", "deflate")]);

        await LogHubAssert.ErrorAsync(response, 400, "PostBodyUncompressError");
    }

    [Fact]
    public async Task UnsupportedCompressType_IsInvalidCompressType()
    {
        using var response = await Client.PutLogsAsync(LogstoreName, Group(1, 1), "lz4", "/shards/lb", compressTypeHeader: "zstd");

        await LogHubAssert.ErrorAsync(response, 400, "InvalidCompressType");
    }

    [Fact]
    public async Task PutToMissingLogstore_IsLogStoreNotExist()
    {
        using var response = await Client.PutLogsAsync("missing", Group(1, 1));

        await LogHubAssert.ErrorAsync(response, 404, "LogStoreNotExist");
    }

    [Fact]
    public async Task PullFromMissingShard_IsShardNotExist()
    {
        using var response = await Client.GetAsync($"/logstores/{LogstoreName}/shards/7?type=cursor&from=begin");

        await LogHubAssert.ErrorAsync(response, 404, "ShardNotExist");
    }
}
