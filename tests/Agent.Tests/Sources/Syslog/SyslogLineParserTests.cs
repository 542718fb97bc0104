using System.Text;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Sources.Syslog;

namespace FlumeNet.Agent.Tests.Sources.Syslog;

/// <summary>Flume's SyslogParser facts (multiport_syslogtcp; reference §3.5, verified with "now" = 2026-12-01).</summary>
public sealed class SyslogLineParserTests
{
    private static readonly Encoding Strict = new UTF8Encoding(false, throwOnInvalidBytes: true);

    private static FlumeEvent Parse(string line, string keep = "none", bool incomplete = false) =>
        Parse(Encoding.UTF8.GetBytes(line), keep, incomplete, out _);

    private static FlumeEvent Parse(byte[] line, string keep, bool incomplete, out bool failed) =>
        new SyslogLineParser(SyslogKeepFields.Parse(keep), new FixedClock(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)))
            .Parse(line, Strict, incomplete, out failed);

    private static string Body(FlumeEvent e) => Encoding.UTF8.GetString(e.Body);

    [Fact]
    public void Rfc3164_MoreThanAMonthAgo_GetsYear2001()
    {
        var e = Parse("<34>Oct 11 22:14:15 mymachine su: 'su root' failed");
        Assert.Equal("34", e.Header("Priority"));
        Assert.Equal("4", e.Header("Facility"));
        Assert.Equal("2", e.Header("Severity"));
        Assert.Equal("mymachine", e.Header("host"));
        Assert.Equal("1002838455000", e.Header("timestamp"));
        Assert.Equal("su: 'su root' failed", Body(e));
    }

    [Fact]
    public void Rfc3164_WithinAMonth_GetsTheCurrentYear_InUtc()
    {
        var e = Parse("<34>Dec 20 11:00:00 h x");
        Assert.Equal("1797764400000", e.Header("timestamp"));
        Assert.Equal("x", Body(e));
    }

    [Fact]
    public void Rfc5424_IsReadCorrectly()
    {
        var e = Parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [x@1 a=\"b\"] msg");
        Assert.Equal("165", e.Header("Priority"));
        Assert.Equal("20", e.Header("Facility"));
        Assert.Equal("5", e.Header("Severity"));
        Assert.Equal("1", e.Header("Version"));
        Assert.Equal("mymachine.example.com", e.Header("host"));
        Assert.Equal("1065910455003", e.Header("timestamp"));
        Assert.Equal("evntslog - ID47 [x@1 a=\"b\"] msg", Body(e));
    }

    [Fact]
    public void Rfc5424_FractionIsScaled_AndOffsetApplied()
    {
        Assert.Equal("1065935655500", Parse("<165>1 2003-10-11T22:14:15.5-07:00 host app - - - m").Header("timestamp"));
    }

    [Theory]
    [InlineData("<165>1 2003-10-11T22:14:15 host app")]
    [InlineData("<165>1 2003-10-11T22:14:15+0700 host app")]
    [InlineData("<13>")]
    [InlineData("plain")]
    [InlineData("<abc>Oct 11 22:14:15 h x")]
    [InlineData("<1234567>Oct 11 22:14:15 h x")]
    public void Unparsable_IsInvalid_WithTheLineAsBody(string line)
    {
        var e = Parse(Encoding.UTF8.GetBytes(line), "none", false, out var failed);
        Assert.True(failed);
        Assert.Equal("Invalid", e.Header("flume.syslog.status"));
        Assert.Equal(line, Body(e));
    }

    [Fact]
    public void MalformedBytes_AreInvalid_WithTheRawBytes()
    {
        byte[] line = [.. "<34>Oct 11 22:14:15 h "u8, 0xC3, 0x28];
        var e = Parse(line, "none", false, out var failed);
        Assert.True(failed);
        Assert.Equal("Invalid", e.Header("flume.syslog.status"));
        Assert.Equal(line, e.Body);
    }

    [Fact]
    public void NilTimestamp_IsNow_AndNilHostStaysDash()
    {
        var e = Parse("<13>1 - - app - - - m");
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), e.Header("timestamp"));
        Assert.Equal("-", e.Header("host"));
        Assert.Equal("app - - - m", Body(e));
    }

    [Fact]
    public void KeepFields_PriorityVersion()
    {
        Assert.Equal("<165>1 evntslog - m", Body(Parse("<165>1 2003-10-11T22:14:15.003Z host evntslog - m", "priority,version")));
        Assert.Equal("<165>1 2003-10-11T22:14:15.003Z host evntslog - m", Body(Parse("<165>1 2003-10-11T22:14:15.003Z host evntslog - m", "all")));
    }

    [Fact]
    public void NothingAfterTheHost_BodyIsTheWholeLine()
    {
        Assert.Equal("<34>Oct 11 22:14:15 lonely", Body(Parse("<34>Oct 11 22:14:15 lonely")));
    }

    [Fact]
    public void CrLf_KeepsTheCarriageReturn_HeadersParse()
    {
        var e = Parse("<34>Oct 11 22:14:15 h x\r");
        Assert.Equal("h", e.Header("host"));
        Assert.Equal("x\r", Body(e));
    }

    [Fact]
    public void IncompleteLine_IsMarked()
    {
        Assert.Equal("Incomplete", Parse("<34>Oct 11 22:14:15 h x", incomplete: true).Header("flume.syslog.status"));
    }
}
