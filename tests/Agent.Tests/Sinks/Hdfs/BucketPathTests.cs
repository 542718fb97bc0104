using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Sinks.Hdfs;
using FlumeNet.ConfigParser.Validation;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.Agent.Tests.Sinks.Hdfs;

/// <summary>
/// Flume's BucketPath behaviour (reference hdfs-sink.md §2). Tests named <c>ConformanceTable_*</c> port the rows of the §2.8
/// table; their first argument is the row number.
/// </summary>
public sealed class BucketPathTests
{
    private const string Base = "1340459193234"; // 2012-06-23T13:46:33.234Z, a Saturday

    private static readonly HostIdentity TestHost = new("web01", "10.0.0.7", "web01.example.com");
    private static readonly TimeZoneInfo NewYork = Zone("America/New_York");

    // Columns: row, pattern, timestamp header (null = none), zone ("default" = JVM zone America/New_York),
    // rounding unit/value, extra headers "k=v;k=v", expected.
    [Theory]
    [InlineData(1, "%c", Base, "UTC", null, null, "Sat Jun 23 13:46:33 2012")]
    [InlineData(2, "%c", Base, "UTC", "hour/12", null, "Sat Jun 23 12:00:00 2012")]
    [InlineData(3, "%c", Base, "America/Los_Angeles", null, null, "Sat Jun 23 06:46:33 2012")]
    [InlineData(4, "%a %A %b %B", Base, "UTC", null, null, "Sat Saturday Jun June")]
    [InlineData(5, "%d/%e/%D", Base, "UTC", null, null, "23/23/06/23/12")]
    [InlineData(6, "%H %I %k %l %p", Base, "UTC", null, null, "13 01 13 1 PM")]
    [InlineData(7, "%H %I %k %l %p", Base, "America/Los_Angeles", null, null, "06 06 6 6 AM")]
    [InlineData(8, "%j", Base, "UTC", null, null, "175")]
    [InlineData(9, "%m %n %M %S %y %Y", Base, "UTC", null, null, "06 6 46 33 12 2012")]
    [InlineData(10, "%z", Base, "UTC", null, null, "+0000")]
    [InlineData(11, "%z", Base, "America/Los_Angeles", null, null, "-0700")]
    [InlineData(12, "%z", Base, "Asia/Kolkata", null, null, "+0530")]
    [InlineData(13, "%s", Base, "UTC", null, null, "1340459193")]
    [InlineData(14, "%t", Base, "UTC", null, null, "1340459193234")]
    [InlineData(15, "%s", Base, "UTC", "minute/5", null, "1340459100")]
    [InlineData(16, "%s", Base, "UTC", "second/5", null, "1340459190")]
    [InlineData(17, "%t", Base, "UTC", "minute/5", null, "1340459193234")]
    [InlineData(18, "%Y-%m-%d/%H%M/%S", Base, "UTC", "minute/10", null, "2012-06-23/1340/00")]
    [InlineData(19, "%Y-%m-%d/%H%M/%S", "1339502074000", "UTC", "minute/10", null, "2012-06-12/1150/00")]
    [InlineData(20, "%H:%M:%S", Base, "UTC", "minute/7", null, "13:42:00")]
    [InlineData(21, "%H:%M:%S", Base, "UTC", "hour/5", null, "10:00:00")]
    [InlineData(22, "%H:%M:%S", Base, "UTC", "hour/24", null, "00:00:00")]
    [InlineData(23, "%H:%M:%S", Base, "UTC", "second/60", null, "13:46:00")]
    [InlineData(24, "%H:%M", Base, "Asia/Kolkata", "hour/1", null, "19:00")]
    [InlineData(25, "%s", Base, "Asia/Kolkata", "hour/1", null, "1340458200")]
    [InlineData(26, "%s", Base, "UTC", "hour/1", null, "1340456400")]
    [InlineData(27, "%Y%m%d%H", Base, "America/Los_Angeles", "hour/6", null, "2012062306")]
    [InlineData(31, "%n-%e", "1399124793000", "UTC", null, null, "5-3")]
    [InlineData(32, "%n-%e", "1415886393000", "UTC", null, null, "11-13")]
    [InlineData(33, "%j/%I/%l", "1325722029005", "UTC", null, null, "005/12/12")]
    [InlineData(34, "%Y/%j", "1356998399999", "UTC", null, null, "2012/366")]
    [InlineData(35, "%s %H:%M %z", "1352010600000", "America/New_York", "hour/1", null, "1352008800 01:00 -0500")]
    [InlineData(36, "%H", Base, "default", null, null, "09")]
    [InlineData(38, "%c %z", Base, "default", null, null, "Sat Jun 23 09:46:33 2012 -0400")]
    [InlineData(39, "/f/%H%M", Base, "GMT+05:30", "hour/1", null, "/f/1900")]
    [InlineData(40, "/flume/%{host}/%Y", Base, "UTC", null, "host=web01", "/flume/web01/2012")]
    [InlineData(41, "/flume/%{missing}/x", null, "UTC", null, null, "/flume//x")]
    [InlineData(42, "/f/%{a.b-c}/%{a_b}", null, "UTC", null, "a.b-c=v1;a_b=v2", "/f/v1/v2")]
    [InlineData(43, "/f/%{a b}/x", null, "UTC", null, null, "/f/%{a b}/x")]
    [InlineData(43, "/f/%{}/x", null, "UTC", null, null, "/f/%{}/x")]
    [InlineData(44, "/f/%{h}", null, "UTC", null, "h=a$b\\c", "/f/a$b\\c")]
    [InlineData(45, "%{host}%{host}", null, "UTC", null, "host=ab", "abab")]
    [InlineData(46, "/f/%x", Base, "UTC", null, null, "/f/")]
    [InlineData(47, "/f/%_", Base, "UTC", null, null, "/f/")]
    [InlineData(48, "/f/%%", Base, "UTC", null, null, "/f/%")]
    [InlineData(49, "/f/100%", null, "UTC", null, null, "/f/100%")]
    [InlineData(49, "/f/%-", null, "UTC", null, null, "/f/%-")]
    [InlineData(49, "/f/%é", null, "UTC", null, null, "/f/%é")]
    [InlineData(49, "%[local-host]", null, "UTC", null, null, "%[local-host]")]
    [InlineData(50, "%%{host}", Base, "UTC", null, "host=x", "%{host}")]
    [InlineData(54, "/f/%Y", "+1340459193234", "UTC", null, null, "/f/2012")]
    [InlineData(54, "%t", "+1340459193234", "UTC", null, null, "+1340459193234")]
    [InlineData(55, "%t", "00123", "UTC", null, null, "00123")]
    [InlineData(56, "%s", "-1500", "UTC", null, null, "-1")]
    [InlineData(57, "/f/%Y", "0", "UTC", null, null, "/f/1970")]
    [InlineData(59, "%Y-%m-%d %H:%M", "1340459193", "UTC", null, null, "1970-01-16 12:20")]
    public void ConformanceTable_ExpandsLikeFlume(
        int row, string pattern, string? timestamp, string zone, string? round, string? headers, string expected)
    {
        Assert.True(row is >= 1 and <= 62);
        Assert.Equal(expected, Expand(pattern, timestamp, zone, round, headers));
    }

    // Rows 28–30: hdfs.useLocalTimeStamp = true with a fixed clock.
    [Theory]
    [InlineData(28, "%H:%M", 1366513199000L, null, "minute/10", "02:50")]
    [InlineData(29, "%t", 1366513199000L, null, null, "1366513199000")]
    [InlineData(30, "%Y-%m-%d", 1366513199000L, Base, null, "2013-04-21")]
    public void ConformanceTable_UsesTheClockWithUseLocalTimeStamp(
        int row, string pattern, long clock, string? timestamp, string? round, string expected)
    {
        Assert.True(row is >= 28 and <= 30);
        Assert.Equal(expected, Expand(pattern, timestamp, "UTC", round, null, clock));
    }

    [Theory]
    [InlineData(51, "/f/%Y", null, null, "Expected timestamp in the Flume event headers, but it was null")]
    [InlineData(52, "/f/%x", null, null, "Expected timestamp in the Flume event headers, but it was null")]
    [InlineData(52, "/f/%%", null, null, "Expected timestamp in the Flume event headers, but it was null")]
    [InlineData(53, "/f/%Y", "abc", null, "wasn't able to parse timestamp header 'abc'")]
    [InlineData(53, "/f/%Y", " 1340459193234", null, "wasn't able to parse timestamp header ' 1340459193234'")]
    [InlineData(58, "/f/%Y", "0", "minute/1", "Timestamp must be positive")]
    public void ConformanceTable_FailsLikeFlume(int row, string pattern, string? timestamp, string? round, string message)
    {
        Assert.True(row is >= 51 and <= 58);
        var ex = Assert.Throws<BucketPathException>(() => Expand(pattern, timestamp, "UTC", round, null));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    // Java turns an unknown zone ID into GMT; FlumeNet's config check refuses it instead, so the GMT result is only
    // reachable by naming GMT.
    [Theory]
    [InlineData(37, "Not/AZone", "13")]
    public void ConformanceTable_UnknownZoneIsRefusedWhereJavaUsesGmt(int row, string zoneId, string javaResult)
    {
        Assert.Equal(37, row);
        Assert.Null(JavaTimeZones.Find(zoneId));
        Assert.Equal(javaResult, Expand("%H", Base, "GMT", null, null));
    }

    [Theory]
    [InlineData(60, "/f/%[abcdefg]", "The static escape string 'abcdefg' was provided but does not match any of (localhost,IP,FQDN)")]
    public void ConformanceTable_UnknownStaticEscapeFailsAtCompile(int row, string pattern, string message)
    {
        Assert.Equal(60, row);
        var ex = Assert.Throws<BucketPathException>(() => BucketPath.Compile(pattern, TestHost));
        Assert.Equal(message, ex.Message);
    }

    [Theory]
    [InlineData(61, "%[LocalHost]", "web01")]
    public void ConformanceTable_StaticEscapeKeyIsCaseInsensitive(int row, string pattern, string expected)
    {
        Assert.Equal(61, row);
        Assert.Equal(expected, Expand(pattern, null, "UTC", null, null));
    }

    // Java leaks the JVM locale into paths (de_DE gives "Sa. Jun PM"); FlumeNet deliberately prints English names
    // whatever the current culture, here one with German day names.
    [Theory]
    [InlineData(62, "%a %b %p", "Sat Jun PM")]
    public void ConformanceTable_NamesStayEnglishWhateverTheCulture(int row, string pattern, string expected)
    {
        Assert.Equal(62, row);
        var previous = CultureInfo.CurrentCulture;
        var german = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        german.DateTimeFormat.AbbreviatedDayNames = ["So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."];
        german.DateTimeFormat.AMDesignator = "vorm.";
        german.DateTimeFormat.PMDesignator = "nachm.";
        try
        {
            CultureInfo.CurrentCulture = german;
            Assert.Equal(expected, Expand(pattern, Base, "UTC", null, null));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void ConformanceTable_EveryRowIsPorted()
    {
        var rows = new SortedSet<int>();
        foreach (var method in typeof(BucketPathTests).GetMethods())
        {
            if (!method.Name.StartsWith("ConformanceTable_", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var data in method.GetCustomAttributes<InlineDataAttribute>())
            {
                foreach (var args in data.GetData(method))
                {
                    rows.Add((int)args[0]);
                }
            }
        }
        Assert.Equal(Enumerable.Range(1, 62), rows);
    }

    [Theory]
    [InlineData("%%%Y", "S(%)S(Y)")]
    [InlineData("%{%Y}", "L(%{)S(Y)L(})")]
    [InlineData("%%{host}", "S(%)L({host})")]
    [InlineData("100%", "L(100%)")]
    [InlineData("%", "L(%)")]
    [InlineData("%Y%", "S(Y)L(%)")]
    [InlineData("a%{host", "L(a%{host)")]
    [InlineData("%{a}b}", "H(a)L(b})")]
    [InlineData("%{a.b-c_9}", "H(a.b-c_9)")]
    [InlineData("%{}%{ }", "L(%{}%{ })")]
    [InlineData("%[localhost", "L(%[localhost)")]
    [InlineData("%[a.b]%[]", "L(%[a.b]%[])")]
    [InlineData("%é%٣%Y", "L(%é%٣)S(Y)")]
    [InlineData("%_%1%T", "S(_)S(1)S(T)")]
    [InlineData("x%[IP]y", "L(x)T(10.0.0.7)L(y)")]
    [InlineData("%{host}%{host}", "H(host)H(host)")]
    [InlineData("/plain/path", "L(/plain/path)")]
    [InlineData("", "")]
    public void Tokenizer_FollowsFlumeRegex(string template, string expected)
    {
        var sb = new StringBuilder();
        foreach (var t in BucketPath.Compile(template, TestHost).Tokens)
        {
            sb.Append(t.Kind switch
            {
                BucketTokenKind.Literal => $"L({t.Text})",
                BucketTokenKind.Shorthand => $"S({t.Letter})",
                BucketTokenKind.Header => $"H({t.Text})",
                _ => $"T({t.Text})",
            });
        }
        Assert.Equal(expected, sb.ToString());
    }

    [Theory]
    [InlineData("/flume/data", true, false)]
    [InlineData("%[localhost]/%[FQDN]", true, false)]
    [InlineData("/f/%{host}", false, false)]
    [InlineData("/f/%%", false, true)]
    [InlineData("/f/%q", false, true)]
    [InlineData("/f/%t", false, true)]
    [InlineData("/f/%{host}/%Y", false, true)]
    [InlineData("/f/100%", true, false)]
    public void Compile_ReportsIsStaticAndNeedsTimestamp(string template, bool isStatic, bool needsTimestamp)
    {
        var path = BucketPath.Compile(template, TestHost);
        Assert.Equal(isStatic, path.IsStatic);
        Assert.Equal(needsTimestamp, path.NeedsTimestamp);
        Assert.Equal(template, path.Template);
    }

    [Fact]
    public void StaticTemplate_ReturnsTheSameStringForEveryEvent()
    {
        var path = BucketPath.Compile("/logs/%[localhost]/in", TestHost);
        var a = path.Expand(Event(null, "host=a"), default);
        var b = path.Expand(Event("abc"), default);
        Assert.Equal("/logs/web01/in", a);
        Assert.Same(a, b);
    }

    [Theory]
    [InlineData("%[localhost]|%[IP]|%[FQDN]", "web01|10.0.0.7|web01.example.com")]
    [InlineData("%[LOCALHOST]|%[ip]|%[fqdn]", "web01|10.0.0.7|web01.example.com")]
    [InlineData("/%[Ip]/%{h}", "/10.0.0.7/v")]
    public void StaticEscapes_UseTheInjectedHostIdentity(string template, string expected) =>
        Assert.Equal(expected, Expand(template, null, "UTC", null, "h=v"));

    [Fact]
    public void StaticEscapes_WithoutAnInjectedHost_DescribeThisMachine()
    {
        var path = BucketPath.Compile("%[localhost]", host: null);
        Assert.Equal(Dns.GetHostName(), path.Expand(Event(null), default));
        Assert.Equal(HostIdentity.Local.IpAddress, BucketPath.Compile("%[IP]").Expand(Event(null), default));
        Assert.False(string.IsNullOrEmpty(HostIdentity.Local.CanonicalName));
    }

    [Fact]
    public void UnknownStaticEscape_FailsAtCompileEvenBeforeAnyEvent()
    {
        var ex = Assert.Throws<BucketPathException>(() => BucketPath.Compile("/f/%{host}/%[hostname]", TestHost));
        Assert.Contains("'hostname'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("%Y")]
    [InlineData("/f/%{host}/%t")]
    public void MissingTimestamp_MessageNamesTheTemplateAndTheFix(string template)
    {
        var path = BucketPath.Compile(template, TestHost);
        var ex = Assert.Throws<BucketPathException>(() => path.Expand(Event(null, "host=a"), Utc()));
        Assert.Contains($"'{template}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("timestamp interceptor", ex.Message, StringComparison.Ordinal);
        Assert.Contains("hdfs.useLocalTimeStamp = true", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("-")]
    [InlineData("+-1")]
    [InlineData("1340459193234 ")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("1_000")]
    [InlineData("0x10")]
    [InlineData("²")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    public void UnparsableTimestamp_FailsWithTheFixInTheMessage(string header)
    {
        var ex = Assert.Throws<BucketPathException>(() => Expand("%t", header, "UTC", null, null));
        Assert.Contains("wasn't able to parse timestamp header", ex.Message, StringComparison.Ordinal);
        Assert.Contains("hdfs.useLocalTimeStamp = true", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnparsableTimestamp_LongValueIsShortenedInTheMessage()
    {
        var ex = Assert.Throws<BucketPathException>(() => Expand("%t", new string('x', 500), "UTC", null, null));
        Assert.Contains(new string('x', 64) + "…'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 65), ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("%t|%s", "9223372036854775807", "9223372036854775807|9223372036854775")]
    [InlineData("%t|%s", "-9223372036854775808", "-9223372036854775808|-9223372036854775")]
    [InlineData("%t|%s", "-0", "-0|0")]
    [InlineData("%t|%Y", "١٣٤٠٤٥٩١٩٣٢٣٤", "١٣٤٠٤٥٩١٩٣٢٣٤|2012")] // Java's Long.parseLong takes any Unicode digit
    [InlineData("%t|%Y", "１３４０４５９１９３２３４", "１３４０４５９１９３２３４|2012")]
    public void Timestamp_ParsesLikeJavaLong(string template, string header, string expected) =>
        Assert.Equal(expected, Expand(template, header, "UTC", null, null));

    [Theory]
    [InlineData("9223372036854775807")]
    [InlineData("-62135596800000")]
    public void Timestamp_OutsideDateTimeRange_FailsOnlyWhenACalendarFieldIsNeeded(string header)
    {
        var ex = Assert.Throws<BucketPathException>(() => Expand("%Y", header, "UTC", null, null));
        Assert.Contains("outside the range", ex.Message, StringComparison.Ordinal);
        Assert.Equal(header, Expand("%t", header, "UTC", null, null));
    }

    [Fact]
    public void HeaderValues_AreInsertedRawAndNeverRescanned()
    {
        Assert.Equal("/f/%Y/../a/b", Expand("/f/%{h}", Base, "UTC", null, "h=%Y/../a/b"));
        Assert.Equal("/f/%{g}", Expand("/f/%{h}", null, "UTC", null, "h=%{g};g=nope"));
    }

    [Fact]
    public void HeaderNames_AreCaseSensitive() =>
        Assert.Equal("/f//x", Expand("/f/%{Host}/x", null, "UTC", null, "host=a"));

    [Fact]
    public void HeaderOnlyTemplate_NeedsNoTimestampAndNoZone()
    {
        var path = BucketPath.Compile("/f/%{host}", TestHost);
        Assert.Equal("/f/a", path.Expand(Event("not-a-number", "host=a"), default));
    }

    [Fact]
    public void UseLocalTimeStamp_IgnoresEvenAnUnparsableHeader() =>
        Assert.Equal("2013", Expand("%Y", "abc", "UTC", null, null, clock: 1366513199000L));

    [Fact]
    public void UseLocalTimeStamp_ReadsTheClockOncePerExpansion()
    {
        var reads = 0;
        var ctx = Utc() with { UseLocalTimeStamp = true, Clock = () => 1366513199000L + (1000 * reads++) };
        var path = BucketPath.Compile("%H:%M:%S %s %t", TestHost);
        Assert.Equal("02:59:59 1366513199 1366513199000", path.Expand(Event(null), ctx));
        Assert.Equal(1, reads);
        Assert.Equal("03:00:00 1366513200 1366513200000", path.Expand(Event(null), ctx));
        Assert.Equal(2, reads);
    }

    [Fact]
    public void UseLocalTimeStamp_PercentTIsTheUnroundedClock() =>
        Assert.Equal("1366513199000 1366512600", Expand("%t %s", null, "UTC", "minute/10", null, clock: 1366513199000L));

    [Theory]
    [InlineData("%t", "0")]
    [InlineData("%%", "-5")]
    [InlineData("%{host}%q", "-1340459193234")]
    public void Rounding_RejectsNonPositiveTimestampsForEveryShorthand(string template, string header)
    {
        var ex = Assert.Throws<BucketPathException>(() => Expand(template, header, "UTC", "second/1", "host=a"));
        Assert.Contains("Timestamp must be positive", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rounding_ValueZeroCountsAsOne() =>
        Assert.Equal("13:46:00", Expand("%H:%M:%S", Base, "UTC", "minute/0", null));

    [Theory]
    [InlineData("minute/61", "1 to 60")]
    [InlineData("second/61", "1 to 60")]
    [InlineData("hour/25", "1 to 24")]
    public void Rounding_ValueAboveTheFieldRange_Fails(string round, string range)
    {
        var ex = Assert.Throws<BucketPathException>(() => Expand("%H", Base, "UTC", round, null));
        Assert.Contains(range, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("%H:%M:%S", "Asia/Kolkata", "minute/7", "19:14:00")]
    [InlineData("%H:%M:%S", "Asia/Kolkata", "hour/5", "15:00:00")]
    [InlineData("%s", "Asia/Kolkata", "hour/24", "1340389800")]
    [InlineData("%Y%m%d %H %z", "America/St_Johns", "hour/1", "20120623 11 -0230")]
    public void Rounding_UsesWallClockFieldsOfTheConfiguredZone(string template, string zone, string round, string expected) =>
        Assert.Equal(expected, Expand(template, Base, zone, round, null));

    // America/New_York, 2012-11-04 (fall back at 06:00Z) and 2012-03-11 (spring forward at 07:00Z); expected values
    // checked against java.util.GregorianCalendar, which maps an ambiguous or skipped wall time to standard time.
    [Theory]
    [InlineData("1352007000000", null, "%H:%M %z", "01:30 -0400")]
    [InlineData("1352010600000", null, "%H:%M %z", "01:30 -0500")]
    [InlineData("1352007000000", "hour/1", "%s %H:%M %z", "1352008800 01:00 -0500")]
    [InlineData("1352007033000", "second/30", "%s %H:%M:%S %z", "1352010630 01:30:30 -0500")]
    [InlineData("1352007000000", "hour/2", "%s %H:%M %z", "1352001600 00:00 -0400")]
    [InlineData("1331451000000", "hour/2", "%s %H:%M %z", "1331449200 03:00 -0400")]
    [InlineData("1331451000000", "hour/1", "%s %H:%M %z", "1331449200 03:00 -0400")]
    public void Rounding_AcrossDaylightSavingTransitions_MatchesJavaCalendar(
        string timestamp, string? round, string template, string expected) =>
        Assert.Equal(expected, Expand(template, timestamp, "America/New_York", round, null));

    // Europe/Berlin, 2012-03-25: 02:00 CET jumps to 03:00 CEST at 01:00Z. Rounding 03:30 CEST by 2 hours gives the
    // skipped 02:00, which Java reads with the offset from before the gap (+0100), i.e. 01:00Z.
    [Fact]
    public void Rounding_IntoASpringForwardGap_UsesTheOffsetBeforeTheGap() =>
        Assert.Equal("1332637200 03:00 +0200", Expand("%s %H:%M %z", "1332639000000", "Europe/Berlin", "hour/2", null));

    [Fact]
    public void Formatting_NoonAndMidnightUseTwelve()
    {
        Assert.Equal("12 12 PM", Expand("%I %l %p", "1340452800000", "UTC", null, null));
        Assert.Equal("12 12 AM 00 0", Expand("%I %l %p %H %k", "1340409600000", "UTC", null, null));
    }

    [Fact]
    public void NullZone_IsThisMachinesZone()
    {
        var path = BucketPath.Compile("%c %z", TestHost);
        var e = Event(Base);
        Assert.Equal(path.Expand(e, Utc() with { TimeZone = TimeZoneInfo.Local }), path.Expand(e, default));
        Assert.Equal("Sat Jun 23 09:46:33 2012 -0400", path.Expand(e, default, NewYork));
    }

    [Fact]
    public void Expand_ReusesTheLastStringWhenNothingChanged()
    {
        var path = BucketPath.Compile("/f/%Y/%{host}", TestHost);
        var a = path.Expand(Event(Base, "host=a"), Utc());
        var b = path.Expand(Event("1340459999999", "host=a"), Utc());
        var c = path.Expand(Event(Base, "host=b"), Utc());
        Assert.Same(a, b);
        Assert.Equal("/f/2012/b", c);
        Assert.Same(a, path.Expand(Event(Base, "host=a"), Utc()));
        Assert.Same(c, path.Expand(Event(Base, "host=b"), Utc()));
    }

    [Fact]
    public void Expand_AllocatesNothingForBucketsItHasJustSeen()
    {
        var path = BucketPath.Compile("/flume/%{host}/%Y-%m-%d/%H%M", TestHost);
        var ctx = Utc() with { TimeZone = NewYork, Round = true, RoundUnit = BucketRoundUnit.Minute, RoundValue = 10 };
        var events = new[] { Event("1340459193234", "host=a"), Event("1340459193999", "host=b"), Event("1340459193000", "host=c") };
        for (var i = 0; i < 100; i++)
        {
            path.Expand(events[i % 3], ctx);
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            path.Expand(events[i % 3], ctx);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Expand_CachesDoNotLeakAcrossZonesRoundingOrNegativeMilliseconds()
    {
        var path = BucketPath.Compile("%H:%M:%S %s", TestHost);
        Assert.Equal("13:46:33 1340459193", path.Expand(Event(Base), Utc()));
        Assert.Equal("06:46:33 1340459193", path.Expand(Event(Base), Utc() with { TimeZone = Zone("America/Los_Angeles") }));
        var rounded = Utc() with { Round = true, RoundUnit = BucketRoundUnit.Minute, RoundValue = 10 };
        Assert.Equal("13:40:00 1340458800", path.Expand(Event(Base), rounded));
        Assert.Equal("13:00:00 1340456400", path.Expand(Event(Base), rounded with { RoundUnit = BucketRoundUnit.Hour, RoundValue = 1 }));
        // Java's Date floors negative milliseconds while %s truncates toward zero.
        Assert.Equal("23:59:58 -1", path.Expand(Event("-1500"), Utc()));
        Assert.Equal("23:59:59 -1", path.Expand(Event("-1000"), Utc()));
    }

    [Theory]
    [InlineData("second", BucketRoundUnit.Second)]
    [InlineData("MINUTE", BucketRoundUnit.Minute)]
    [InlineData("Hour", BucketRoundUnit.Hour)]
    [InlineData("day", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ParseRoundUnit_IsCaseInsensitiveAndRejectsOthers(string? text, BucketRoundUnit? expected) =>
        Assert.Equal(expected, BucketContext.ParseRoundUnit(text));

    private static string Expand(
        string pattern, string? timestamp, string zone, string? round, string? headers, long? clock = null)
    {
        var ctx = new BucketContext
        {
            TimeZone = zone == "default" ? null : Zone(zone),
            UseLocalTimeStamp = clock is not null,
            Clock = clock is { } c ? () => c : null,
        };
        if (round is not null)
        {
            var slash = round.IndexOf('/', StringComparison.Ordinal);
            ctx = ctx with
            {
                Round = true,
                RoundUnit = BucketContext.ParseRoundUnit(round[..slash]) ?? throw new ArgumentException(round),
                RoundValue = int.Parse(round[(slash + 1)..], CultureInfo.InvariantCulture),
            };
        }
        var path = BucketPath.Compile(pattern, TestHost);
        var e = Event(timestamp, headers);
        // The table's "default" rows ran on a JVM whose default zone was America/New_York.
        return zone == "default" ? path.Expand(e, ctx, NewYork) : path.Expand(e, ctx);
    }

    private static FlumeEvent Event(string? timestamp, string? headers = null)
    {
        var e = new FlumeEvent([]);
        if (timestamp is not null)
        {
            e.Headers["timestamp"] = timestamp;
        }
        if (headers is not null)
        {
            foreach (var pair in headers.Split(';'))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                e.Headers[pair[..eq]] = pair[(eq + 1)..];
            }
        }
        return e;
    }

    private static BucketContext Utc() => new() { TimeZone = TimeZoneInfo.Utc };

    private static TimeZoneInfo Zone(string id) => JavaTimeZones.Find(id) ?? throw new ArgumentException(id);
}
