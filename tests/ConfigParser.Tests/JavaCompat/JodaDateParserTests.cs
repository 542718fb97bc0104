using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.ConfigParser.Tests.JavaCompat;

/// <summary>Joda-time <c>DateTimeFormat</c> parsing as the millis serializer relies on it.</summary>
public sealed class JodaDateParserTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static long Utc(string pattern, string text) => new JodaDateParser(pattern, TimeZoneInfo.Utc, 2026).ParseMillis(text);

    [Theory]
    [InlineData("yyyy-MM-dd HH:mm", "2012-10-17 14:34", 1350484440000L)]
    [InlineData("yyyy-MM-dd HH:mm:ss,SSS", "2012-10-17 14:34:44,338", 1350484484338L)]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss", "2012-10-17T14:34:44", 1350484484000L)]
    [InlineData("yyyyMMddHHmmss", "20121017143444", 1350484484000L)]
    [InlineData("yyyy-MM-dd", "2012-1-5", 1325721600000L)]
    [InlineData("yyyy-M-d", "2012-01-05", 1325721600000L)]
    [InlineData("dd MMM yyyy", "05 Jan 2012", 1325721600000L)]
    [InlineData("dd MMM yyyy", "05 january 2012", 1325721600000L)]
    [InlineData("dd MMMM yyyy", "05 JAN 2012", 1325721600000L)]
    [InlineData("yyyy DDD", "2012 005", 1325721600000L)]
    [InlineData("HH:mm", "14:34", 52440000L)]
    [InlineData("hh:mm a", "02:34 PM", 52440000L)]
    [InlineData("hh:mm a", "12:10 am", 600000L)]
    [InlineData("kk:mm", "24:10", 600000L)]
    [InlineData("ss.SSS", "44.5", 44500L)]
    [InlineData("ss.S", "44.5", 44500L)]
    [InlineData("''yyyy''", "'1970'", 0L)]
    public void Fields_ParseAsJodaDoes(string pattern, string text, long expected) => Assert.Equal(expected, Utc(pattern, text));

    [Theory]
    [InlineData("12-10-17", 1350432000000L)]
    [InlineData("45-01-01", 2366841600000L)]
    [InlineData("46-01-01", -757382400000L)]
    public void TwoDigitYears_FallInTheEightyYearsBeforeAndTwentyAfter(string text, long expected) =>
        Assert.Equal(expected, Utc("yy-MM-dd", text));

    [Fact]
    public void TwoDigitYear_AcceptsAFullYearWhenNotFollowedByANumber() =>
        Assert.Equal(Utc("yyyy-MM-dd", "2012-10-17"), Utc("yy-MM-dd", "2012-10-17"));

    [Fact]
    public void DayOfWeek_MovesTheDateWithinItsIsoWeek() =>
        Assert.Equal(1350259200000L, Utc("EEE, dd MMM yyyy", "Mon, 17 Oct 2012"));

    [Theory]
    [InlineData("yyyy-MM-dd HH:mm:ss Z", "2012-10-17 14:34:44 +0200")]
    [InlineData("yyyy-MM-dd HH:mm:ss ZZ", "2012-10-17 14:34:44 +02:00")]
    [InlineData("EEE, dd MMM yyyy HH:mm:ss Z", "Wed, 17 Oct 2012 14:34:44 +0200")]
    public void Offsets_OverrideTheDefaultZone(string pattern, string text) =>
        Assert.Equal(1350477284000L, new JodaDateParser(pattern, NewYork).ParseMillis(text));

    [Fact]
    public void UtcDesignator_IsZeroOffset() =>
        Assert.Equal(1350484484000L, new JodaDateParser("yyyy-MM-dd'T'HH:mm:ssZ", NewYork).ParseMillis("2012-10-17T14:34:44Z"));

    [Fact]
    public void ZoneIds_AreZonesWithDaylightSaving() =>
        Assert.Equal(1350477240000L, new JodaDateParser("yyyy-MM-dd HH:mm ZZZ", TimeZoneInfo.Utc).ParseMillis("2012-10-17 14:34 Europe/Paris"));

    [Fact]
    public void ZoneNames_StandForTheirRegionsZone() =>
        Assert.Equal(1350509640000L, new JodaDateParser("yyyy-MM-dd HH:mm z", TimeZoneInfo.Utc).ParseMillis("2012-10-17 14:34 PST"));

    [Fact]
    public void DefaultZone_AppliesToTextsWithoutOne() =>
        Assert.Equal(1350498840000L, new JodaDateParser("yyyy-MM-dd HH:mm", NewYork).ParseMillis("2012-10-17 14:34"));

    [Fact]
    public void DaylightSavingGap_IsRejected() =>
        Assert.Throws<FormatException>(() => new JodaDateParser("yyyy-MM-dd HH:mm", NewYork).ParseMillis("2012-03-11 02:30"));

    [Fact]
    public void DaylightSavingOverlap_TakesTheEarlierInstant() =>
        Assert.Equal(1352007000000L, new JodaDateParser("yyyy-MM-dd HH:mm", NewYork).ParseMillis("2012-11-04 01:30"));

    [Theory]
    [InlineData("yyyy-MM-dd", "2012-10-17 extra")]
    [InlineData("yyyy-MM-dd", "2012-10")]
    [InlineData("yyyy-MM-dd", "2012-13-01")]
    [InlineData("yyyy-MM-dd", "2012-02-30")]
    [InlineData("HH:mm", "24:00")]
    [InlineData("hh:mm", "00:10")]
    [InlineData("dd MMM yyyy", "05 Jux 2012")]
    [InlineData("yyyy-MM-dd", "")]
    public void BadTexts_AreRejected(string pattern, string text) =>
        Assert.Throws<FormatException>(() => Utc(pattern, text));

    [Theory]
    [InlineData("ABCDEFG")]
    [InlineData("yyyy 'unterminated")]
    [InlineData("xxxx-ww")]
    [InlineData("G yyyy")]
    public void BadPatterns_AreRejected(string pattern) =>
        Assert.ThrowsAny<ArgumentException>(() => new JodaDateParser(pattern, TimeZoneInfo.Utc));
}
