using System.Text;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Sources.Syslog;


namespace FlumeNet.Agent.Tests.Sources.Syslog;

/// <summary>Flume's SyslogUtils facts (reference §3.3, verified with the clock at 2024-06-15T12:00Z in America/New_York).</summary>
public sealed class SyslogUtilsDecoderTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static SyslogUtilsDecoder Decoder(int eventSize = 2500, string keep = "none") =>
        new(eventSize, SyslogKeepFields.Parse(keep), NewYork, new FixedClock(new DateTimeOffset(2024, 6, 15, 12, 0, 0, TimeSpan.Zero)));

    private static List<FlumeEvent> Feed(SyslogUtilsDecoder d, string text)
    {
        var events = new List<FlumeEvent>();
        d.Feed(Encoding.UTF8.GetBytes(text), events);
        return events;
    }

    private static FlumeEvent One(string line, string keep = "none") => Assert.Single(Feed(Decoder(keep: keep), line + "\n"));

    private static string Body(FlumeEvent e) => Encoding.UTF8.GetString(e.Body);

    [Fact]
    public void Rfc3164_SetsFacilitySeverityHostAndLocalTimestamp()
    {
        var e = One("<34>Oct 11 22:14:15 mymachine su: 'su root' failed");
        Assert.Equal("4", e.Header("Facility"));
        Assert.Equal("2", e.Header("Severity"));
        Assert.Equal("34", e.Header("priority"));
        Assert.Equal("mymachine", e.Header("host"));
        Assert.Equal("1697076855000", e.Header("timestamp"));
        Assert.Null(e.Header("flume.syslog.status"));
        Assert.Equal("su: 'su root' failed", Body(e));
    }

    [Fact]
    public void Rfc3164_MoreThanAMonthAhead_IsLastYear()
    {
        var e = One("<34>Jul 20 22:14:15 mymachine future1");
        Assert.Equal("1689905655000", e.Header("timestamp"));
        Assert.Equal("future1", Body(e));
    }

    [Fact]
    public void Rfc5424_FractionIsMillisecondsInLocalTime_ZoneIgnored()
    {
        var e = One("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [x@1 a=\"b\"] msg");
        Assert.Equal("20", e.Header("Facility"));
        Assert.Equal("5", e.Header("Severity"));
        Assert.Equal("165", e.Header("priority"));
        Assert.Equal("1", e.Header("version"));
        Assert.Equal("mymachine.example.com", e.Header("host"));
        Assert.Equal("1065924855003", e.Header("timestamp"));
        Assert.Equal("evntslog - ID47 [x@1 a=\"b\"] msg", Body(e));
    }

    [Fact]
    public void Rfc5424_WithoutFraction_HonoursTheOffset()
    {
        var e = One("<165>1 2003-10-11T22:14:15-07:00 host app - - - m");
        Assert.Equal("1065935655000", e.Header("timestamp"));
        Assert.Equal("app - - - m", Body(e));
    }

    [Fact]
    public void Rfc5424_HalfASecondIsFiveMilliseconds()
    {
        Assert.Equal("1065924855005", One("<165>1 2003-10-11T22:14:15.5Z host app - - - m").Header("timestamp"));
    }

    [Fact]
    public void Rfc5424_NilStampAndHost_GiveNoHeaders()
    {
        var e = One("<165>1 - - app - - - nostamp");
        Assert.Null(e.Header("timestamp"));
        Assert.Null(e.Header("host"));
        Assert.Equal("app - - - nostamp", Body(e));
    }

    [Fact]
    public void CrLfLine_MatchesNoPattern_AndKeepsStalePriorityAndVersion()
    {
        var d = Decoder();
        var events = Feed(d, "<165>1 2003-10-11T22:14:15-07:00 host app - - - m\n<13>Oct 11 22:14:15 host crlf\r\n");
        var e = events[1];
        Assert.Equal("1", e.Header("Facility"));
        Assert.Equal("5", e.Header("Severity"));
        Assert.Equal("165", e.Header("priority"));
        Assert.Equal("1", e.Header("version"));
        Assert.Null(e.Header("host"));
        Assert.Equal("<13>Oct 11 22:14:15 host crlf\r", Body(e));
    }

    [Fact]
    public void NoPriority_IsInvalid_WithTheRawLine()
    {
        var d = Decoder();
        var events = Feed(d, "<165>1 - - app - - - x\nno priority here\n");
        var e = events[1];
        Assert.Equal("0", e.Header("Facility"));
        Assert.Equal("0", e.Header("Severity"));
        Assert.Equal("Invalid", e.Header("flume.syslog.status"));
        Assert.Equal("165", e.Header("priority"));
        Assert.Equal("no priority here", Body(e));
    }

    [Fact]
    public void LongLine_IsCutAtEventSize_AndTheRestIsInvalid()
    {
        var events = Feed(Decoder(eventSize: 20), "<13>Oct 11 22:14:15 host 0123456789\n");
        Assert.Equal(2, events.Count);
        Assert.Equal("Incomplete", events[0].Header("flume.syslog.status"));
        Assert.Equal("<13>Oct 11 22:14:15 ", Body(events[0]));
        Assert.Equal("Invalid", events[1].Header("flume.syslog.status"));
        Assert.Equal("host 0123456789", Body(events[1]));
    }

    [Theory]
    [InlineData("none", "su: x")]
    [InlineData("false", "su: x")]
    [InlineData("all", "<34>Oct 11 22:14:15 mymachine su: x")]
    [InlineData("true", "<34>Oct 11 22:14:15 mymachine su: x")]
    [InlineData("timestamp hostname", "Oct 11 22:14:15 mymachine su: x")]
    [InlineData("priority,hostname", "<34>mymachine su: x")]
    [InlineData("nothing useful", "su: x")]
    public void KeepFields_PrependsTheChosenFieldsInFlumeOrder(string keep, string body)
    {
        Assert.Equal(body, Body(One("<34>Oct 11 22:14:15 mymachine su: x", keep)));
    }

    [Fact]
    public void KeepFields_PriorityVersion_On5424()
    {
        Assert.Equal("<165>1 evntslog - m", Body(One("<165>1 2003-10-11T22:14:15.003Z host evntslog - m", "priority,version")));
    }

    [Fact]
    public void MessagesSplitAcrossReads_AreJoined_AndBareNewlinesSkipped()
    {
        var d = Decoder();
        var events = new List<FlumeEvent>();
        foreach (var part in new[] { "\n\n<34>Oct 11 22:1", "4:15 mymachine a\n<3", "4>Oct 11 22:14:15 mymachine b\n" })
        {
            d.Feed(Encoding.UTF8.GetBytes(part), events);
        }
        Assert.Equal(["a", "b"], events.Select(Body));
    }

    [Fact]
    public void BadPriority_IsInvalid()
    {
        Assert.Equal("Invalid", One("<1234>Oct 11 22:14:15 h x").Header("flume.syslog.status"));
        Assert.Equal("Invalid", One("<>Oct 11 22:14:15 h x").Header("flume.syslog.status"));
        Assert.Equal("Invalid", One("<1a>Oct 11 22:14:15 h x").Header("flume.syslog.status"));
    }

    [Fact]
    public void OctetCounting_FramesMessagesWithoutNewlines()
    {
        var m1 = "<13>1 2024-06-15T12:00:00Z host app - - - one";
        var m2 = "<13>1 2024-06-15T12:00:00Z host app - - - two\nlines";
        var stream = $"{Encoding.UTF8.GetByteCount(m1)} {m1}{Encoding.UTF8.GetByteCount(m2)} {m2}";
        var events = Feed(Decoder(), stream);
        Assert.Equal(2, events.Count);
        Assert.Equal("app - - - one", Body(events[0]));
        Assert.Null(events[0].Header("flume.syslog.status"));
        // Flume's regex stops at the newline, so the second message matches no pattern and keeps its raw text.
        Assert.Equal(m2, Body(events[1]));
    }

    [Fact]
    public void LeadingDigitsWithoutAFrame_StayInvalidAsInFlume()
    {
        var e = One("12 not a frame");
        Assert.Equal("Invalid", e.Header("flume.syslog.status"));
        Assert.Equal("12 not a frame", Body(e));
    }

    [Fact]
    public void Flush_DeliversAMessageLeftWithoutNewline()
    {
        var d = Decoder();
        var events = Feed(d, "<34>Oct 11 22:14:15 mymachine last");
        Assert.Empty(events);
        d.Flush(events);
        Assert.Equal("last", Body(Assert.Single(events)));
    }

    [Fact]
    public void Datagram_UsesTheFirstLineOnly_AndEmptyIsAReadFailure()
    {
        var d = Decoder();
        var e = d.DecodeDatagram("<34>Oct 11 22:14:15 mymachine first\nsecond"u8);
        Assert.Equal("first", Body(e!));
        Assert.Null(d.DecodeDatagram([]));
        Assert.Equal(1, d.ReadFailures);
        Assert.Equal("Invalid", d.DecodeDatagram("plain"u8)!.Header("flume.syslog.status"));
    }

    [Fact]
    public void LongDatagram_IsNotTruncated()
    {
        var d = Decoder(eventSize: 65536);
        var text = "<34>Oct 11 22:14:15 mymachine " + new string('x', 5000);
        Assert.Equal(new string('x', 5000), Body(d.DecodeDatagram(Encoding.ASCII.GetBytes(text))!));
    }
}
