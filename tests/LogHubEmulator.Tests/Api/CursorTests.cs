using System.Globalization;
using System.Text;
using FlumeNet.LogHubEmulator.Tests.Infrastructure;

namespace FlumeNet.LogHubEmulator.Tests.Api;

/// <summary>GetCursor, cursor_time and cursor validation (reference §3.2, §7.4).</summary>
public sealed class CursorTests : EmulatorTestBase
{
    [Fact]
    public async Task Cursor_IsBase64OfADecimal_AdvancingOnePerLogGroup()
    {
        var begin = await Client.CursorAsync(LogstoreName, 0, "begin");
        Server.PutLogGroup(ProjectName, LogstoreName, Group(1, 1), shard: 0);
        Server.PutLogGroup(ProjectName, LogstoreName, Group(1, 2), shard: 0);

        var end = await Client.CursorAsync(LogstoreName, 0, "end");

        Assert.Equal(Decimal(begin) + 2, Decimal(end));
        Assert.Equal(begin, await Client.CursorAsync(LogstoreName, 0, "begin"));
    }

    [Fact]
    public async Task EmptyShard_BeginEqualsEnd()
    {
        Assert.Equal(await Client.CursorAsync(LogstoreName, 1, "begin"), await Client.CursorAsync(LogstoreName, 1, "end"));
    }

    [Fact]
    public async Task FromTime_FindsTheFirstGroupReceivedAtOrAfterIt()
    {
        var t0 = Clock.GetUtcNow().ToUnixTimeSeconds();
        Server.PutLogGroup(ProjectName, LogstoreName, Group(5, 0), shard: 0);
        Clock.Advance(TimeSpan.FromSeconds(10));
        Server.PutLogGroup(ProjectName, LogstoreName, Group(1, 1), shard: 0);
        Clock.Advance(TimeSpan.FromSeconds(10));
        Server.PutLogGroup(ProjectName, LogstoreName, Group(1, 2), shard: 0);

        async Task<string> FirstSeqFrom(long seconds)
        {
            var cursor = await Client.CursorAsync(LogstoreName, 0, seconds.ToString(CultureInfo.InvariantCulture));
            var pulled = await Client.PullAsync(LogstoreName, 0, cursor, 1);
            return pulled.Groups.Count == 0 ? "end" : pulled.Groups[0].Logs[0].Contents[0].Value;
        }

        Assert.Equal("0", await FirstSeqFrom(0));
        Assert.Equal("0", await FirstSeqFrom(t0));
        Assert.Equal("1", await FirstSeqFrom(t0 + 1));
        Assert.Equal("1", await FirstSeqFrom(t0 + 10));
        Assert.Equal("2", await FirstSeqFrom(t0 + 11));
        Assert.Equal("end", await FirstSeqFrom(t0 + 21));
        Assert.Equal(await Client.CursorAsync(LogstoreName, 0, "end"), await Client.CursorAsync(LogstoreName, 0, (t0 + 3600).ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task CursorTime_IsTheReceiveTimeOfTheGroupAtTheCursor()
    {
        var t0 = Clock.GetUtcNow().ToUnixTimeSeconds();
        Server.PutLogGroup(ProjectName, LogstoreName, Group(5, 0), shard: 0);
        Clock.Advance(TimeSpan.FromSeconds(30));
        Server.PutLogGroup(ProjectName, LogstoreName, Group(5, 1), shard: 0);
        var begin = await Client.CursorAsync(LogstoreName, 0, "begin");
        var second = (await Client.PullAsync(LogstoreName, 0, begin, 1)).NextCursor;

        Assert.Equal(t0, await CursorTime(begin));
        Assert.Equal(t0 + 30, await CursorTime(second));
    }

    [Theory]
    [InlineData("MTAwMA==")] // a well-formed cursor of no shard of this emulator
    [InlineData("not a cursor")]
    [InlineData("YWJj")] // base64 of "abc"
    public async Task ForeignOrMalformedCursor_IsInvalidCursor(string cursor)
    {
        using var response = await Client.GetAsync($"/logstores/{LogstoreName}/shards/0?type=log&cursor={Uri.EscapeDataString(cursor)}&count=10");

        await LogHubAssert.ErrorAsync(response, 400, "InvalidCursor");
    }

    [Fact]
    public async Task CursorOfAnotherShard_IsInvalidCursor()
    {
        var other = await Client.CursorAsync(LogstoreName, 1, "begin");

        using var response = await Client.GetAsync($"/logstores/{LogstoreName}/shards/0?type=log&cursor={Uri.EscapeDataString(other)}&count=10");

        await LogHubAssert.ErrorAsync(response, 400, "InvalidCursor");
    }

    [Fact]
    public async Task CursorBeyondTheEnd_IsInvalidCursor()
    {
        var end = await Client.CursorAsync(LogstoreName, 0, "end");
        var beyond = Convert.ToBase64String(Encoding.ASCII.GetBytes((Decimal(end) + 1).ToString(CultureInfo.InvariantCulture)));

        using var response = await Client.GetAsync($"/logstores/{LogstoreName}/shards/0?type=log&cursor={Uri.EscapeDataString(beyond)}&count=10");

        await LogHubAssert.ErrorAsync(response, 400, "InvalidCursor");
    }

    [Fact]
    public async Task CursorWithoutPadding_IsAccepted()
    {
        var begin = await Client.CursorAsync(LogstoreName, 0, "begin");

        var pulled = await Client.PullAsync(LogstoreName, 0, begin.TrimEnd('='));

        Assert.Equal(begin, pulled.NextCursor);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-5")]
    public async Task BadFrom_IsParameterInvalid(string from)
    {
        using var response = await Client.GetAsync($"/logstores/{LogstoreName}/shards/0?type=cursor&from={from}");

        await LogHubAssert.ErrorAsync(response, 400, "ParameterInvalid");
    }

    [Fact]
    public async Task RecreatedLogstore_RejectsOldCursors()
    {
        var old = await Client.CursorAsync(LogstoreName, 0, "begin");
        using (var deleted = await Client.SendAsync(HttpMethod.Delete, $"/logstores/{LogstoreName}"))
        {
            await LogHubAssert.OkAsync(deleted);
        }

        using (var created = await Client.PostJsonAsync("/logstores", $$"""{"logstoreName":"{{LogstoreName}}","ttl":1,"shardCount":2}"""))
        {
            await LogHubAssert.OkAsync(created);
        }

        using var response = await Client.GetAsync($"/logstores/{LogstoreName}/shards/0?type=log&cursor={Uri.EscapeDataString(old)}&count=10");
        await LogHubAssert.ErrorAsync(response, 400, "InvalidCursor");
    }

    private static long Decimal(string cursor) =>
        long.Parse(Encoding.ASCII.GetString(Convert.FromBase64String(cursor)), CultureInfo.InvariantCulture);

    private async Task<long> CursorTime(string cursor)
    {
        using var response = await Client.GetAsync($"/logstores/{LogstoreName}/shards/0?type=cursor_time&cursor={Uri.EscapeDataString(cursor)}");
        return (await LogHubAssert.OkJsonAsync(response)).GetProperty("cursor_time").GetInt64();
    }
}
