using FlumeNet.LogHubEmulator.Tests.Infrastructure;
using FlumeNet.Tools.LogHubEmulator.Protobuf;

namespace FlumeNet.LogHubEmulator.Tests.Api;

/// <summary>PullLogs with an SPL <c>query</c> (the emulator's documented subset; the rest is refused as the service does).</summary>
public sealed class SplQueryTests : EmulatorTestBase
{
    private async Task PutAsync()
    {
        var group = new LogGroupRecord(
        [
            new LogRecord(1700000000, [new("level", "ERROR"), new("msg", "disk wrong"), new("host", "a")]),
            new LogRecord(1700000001, [new("level", "INFO"), new("msg", "fine"), new("host", "b")]),
            new LogRecord(1700000002, [new("level", "ERROR"), new("msg", "it's fine"), new("host", "c")]),
        ], Topic: "t");
        using var put = await Client.PutLogsAsync(LogstoreName, group, "lz4", $"/shards/route?key={new string('0', 32)}");
        await LogHubAssert.OkAsync(put);
        using var other = await Client.PutLogsAsync(LogstoreName, new LogGroupRecord([new LogRecord(1700000003, [new("level", "INFO")])]), "lz4", $"/shards/route?key={new string('0', 32)}");
        await LogHubAssert.OkAsync(other);
    }

    [Theory]
    [InlineData("* | where level = 'ERROR'", "a,c")]
    [InlineData("* | where level = 'ERROR' and msg like '%wrong%'", "a")]
    [InlineData("* | where \"level\" != 'ERROR'", "b,")]
    [InlineData("* | where msg like 'it''s%'", "c")]
    [InlineData("* | where msg like '_ine'", "b")]
    [InlineData("* | where Level = 'ERROR'", "")]
    [InlineData("*", "a,b,c,")]
    public async Task Where_KeepsTheMatchingLogs_AndSkipsEmptiedGroups(string spl, string hosts)
    {
        await PutAsync();
        var begin = await Client.CursorAsync(LogstoreName, 0, "begin");
        var all = await Client.PullAsync(LogstoreName, 0, begin);

        var pulled = await Client.PullAsync(LogstoreName, 0, begin, spl: spl);

        Assert.Equal(all.NextCursor, pulled.NextCursor);
        Assert.Equal(pulled.Groups.Count, pulled.Count);
        var got = pulled.Groups.SelectMany(g => g.Logs).Select(l => l.Contents.FirstOrDefault(c => c.Key == "host").Value ?? "");
        Assert.Equal(hosts, string.Join(",", got));
    }

    [Fact]
    public async Task FilteredPull_ReportsWhatWasRead_BeforeTheQuery()
    {
        await PutAsync();
        var begin = await Client.CursorAsync(LogstoreName, 0, "begin");
        var all = await Client.PullAsync(LogstoreName, 0, begin);

        var pulled = await Client.PullAsync(LogstoreName, 0, begin, spl: "* | where host = 'b'");

        Assert.Equal(1, pulled.Count);
        Assert.Equal("2", pulled.RawDataCount);
        // The size of the list the same pull makes without the query (its x-log-bodyrawsize).
        Assert.Equal(all.RawSize.ToString(System.Globalization.CultureInfo.InvariantCulture), pulled.RawDataSize);
        Assert.True(pulled.RawSize < all.RawSize);
        Assert.Equal("", all.RawDataCount);
        Assert.Equal("", all.RawDataSize);
    }

    [Fact]
    public async Task Project_KeepsOnlyTheNamedFields_InTheirOrder()
    {
        await PutAsync();
        var begin = await Client.CursorAsync(LogstoreName, 0, "begin");

        var pulled = await Client.PullAsync(LogstoreName, 0, begin, spl: "* | where level = 'ERROR' | project host, level");

        var group = Assert.Single(pulled.Groups);
        Assert.Equal("t", group.Topic);
        Assert.All(group.Logs, l => Assert.Equal(["host", "level"], l.Contents.Select(c => c.Key)));
        Assert.Equal(1700000002u, group.Logs[1].Time);
    }

    [Theory]
    [InlineData("level:ERROR | where level = 'ERROR'")]
    [InlineData("* | stats count(*)")]
    [InlineData("* | where level > 'A'")]
    [InlineData("* | where level = ERROR")]
    [InlineData("* | where level = 'ERROR")]
    [InlineData("* where level = 'x'")]
    public async Task UnsupportedQuery_IsParameterInvalid(string spl)
    {
        var begin = await Client.CursorAsync(LogstoreName, 0, "begin");

        using var response = await Client.GetAsync($"/logstores/{LogstoreName}/shards/0?type=log&cursor={Uri.EscapeDataString(begin)}&count=10&pullMode=scan_on_stream&query={Uri.EscapeDataString(spl)}");

        var error = await LogHubAssert.ErrorAsync(response, 400, "ParameterInvalid");
        Assert.StartsWith("invalid query: ", error.GetProperty("errorMessage").GetString());
    }
}
