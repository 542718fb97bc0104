using System.Globalization;
using FlumeNet.Agent.Interceptors;
using FlumeNet.Agent.Registry.Specs;

namespace FlumeNet.Agent.Tests.Interceptors;

/// <summary>Flume's TestRegexExtractorInterceptor and its serializer tests, as facts.</summary>
public sealed class RegexExtractorInterceptorTests
{
    private const string DateRegex = @"^(\d\d\d\d-\d\d-\d\d\s\d\d:\d\d)(:\d\d,\d\d\d)";
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static string Headers(FlumeNet.Agent.Core.FlumeEvent e)
    {
        if (!e.HasHeaders)
        {
            return string.Empty;
        }
        var pairs = new List<string>();
        foreach (var (key, value) in e.Headers)
        {
            pairs.Add(key + "=" + value);
        }
        pairs.Sort(StringComparer.Ordinal);
        return string.Join(' ', pairs);
    }

    private static RegexExtractorInterceptor Create(params (string Key, string Value)[] props) =>
        RegexExtractorInterceptor.Create(Options.For(InterceptorSpecs.RegexExtractor, props));

    [Fact]
    public void MissingRegex_FailsConfiguration() =>
        Assert.ThrowsAny<ArgumentException>(() => Create(("serializers", "s1"), ("serializers.s1.name", "n")));

    [Fact]
    public void IllegalRegex_FailsConfiguration() =>
        Assert.ThrowsAny<ArgumentException>(() => Create(("regex", "?&?&&&?&?&?&&&??"), ("serializers", "s1"), ("serializers.s1.name", "n")));

    [Fact]
    public void EmptySerializerList_FailsConfiguration() =>
        Assert.ThrowsAny<ArgumentException>(() => Create(("regex", ".*"), ("serializers", "")));

    [Theory]
    [InlineData(",,,")]
    [InlineData(" , , ")]
    public void SerializersWithoutNames_FailConfiguration(string list) =>
        Assert.ThrowsAny<ArgumentException>(() => Create(("regex", @"(\d):(\d):(\d)"), ("serializers", list)));

    [Fact]
    public void UnknownSerializerType_FailsConfiguration() =>
        Assert.ThrowsAny<ArgumentException>(() =>
            Create(("regex", @"(\d)"), ("serializers", "s1"), ("serializers.s1.name", "n"), ("serializers.s1.type", "com.example.Custom")));

    [Fact]
    public void AllMatchGroups_BecomeHeaders()
    {
        var fixture = Create(("regex", @"(\d):(\d):(\d)"), ("serializers", "s1 s2 s3"),
            ("serializers.s1.name", "Num1"), ("serializers.s2.name", "Num2"), ("serializers.s3.name", "Num3"));
        var e = fixture.Intercept(Options.Event("1:2:3.4foobar5"))!;
        Assert.Equal("1:2:3.4foobar5", Options.Body(e));
        Assert.Equal("Num1=1 Num2=2 Num3=3", Headers(e));
    }

    [Fact]
    public void GroupsWithoutSerializer_AreSkipped()
    {
        var fixture = Create(("regex", DateRegex), ("serializers", "s1"), ("serializers.s1.name", "timestamp"));
        var e = fixture.Intercept(Options.Event("2012-10-17 14:34:44,338"))!;
        Assert.Equal("timestamp=2012-10-17 14:34", Headers(e));
    }

    [Fact]
    public void MillisSerializer_ParsesInTheDefaultZone_AndDefaultTypePassesThrough()
    {
        var o = Options.For(InterceptorSpecs.RegexExtractor, ("regex", DateRegex), ("serializers", "s1 s2"),
            ("serializers.s1.type", RegexExtractorInterceptor.MillisSerializerClass), ("serializers.s1.name", "timestamp"),
            ("serializers.s1.pattern", "yyyy-MM-dd HH:mm"), ("serializers.s2.name", "data"));
        var e = RegexExtractorInterceptor.Create(o, NewYork).Intercept(Options.Event("2012-10-17 14:34:44,338"))!;
        Assert.Equal("data=:44,338 timestamp=1350498840000", Headers(e));
    }

    [Fact]
    public void MillisSerializer_WithoutZone_UsesTheLocalZone()
    {
        var fixture = Create(("regex", DateRegex), ("serializers", "s1"),
            ("serializers.s1.type", RegexExtractorInterceptor.MillisSerializerClass), ("serializers.s1.name", "timestamp"),
            ("serializers.s1.pattern", "yyyy-MM-dd HH:mm"));
        var local = new DateTime(2012, 10, 17, 14, 34, 0, DateTimeKind.Unspecified);
        var expected = new DateTimeOffset(local, TimeZoneInfo.Local.GetUtcOffset(local)).ToUnixTimeMilliseconds();
        var e = fixture.Intercept(Options.Event("2012-10-17 14:34:44,338"))!;
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), e.Header("timestamp"));
    }

    [Fact]
    public void LowerCaseDefaultType_IsPassThrough()
    {
        var fixture = Create(("regex", @"(\w+)"), ("serializers", "s1"), ("serializers.s1.name", "word"), ("serializers.s1.type", "default"));
        Assert.Equal("word=hello", Headers(fixture.Intercept(Options.Event("hello world"))!));
    }

    [Fact]
    public void NoMatch_LeavesTheEventUnchanged()
    {
        var fixture = Create(("regex", @"(\d):(\d)"), ("serializers", "s1 s2"), ("serializers.s1.name", "a"), ("serializers.s2.name", "b"));
        var e = fixture.Intercept(Options.Event("no digits here", ("x", "y")))!;
        Assert.Equal("x=y", Headers(e));
        Assert.Equal("no digits here", Options.Body(e));
    }

    [Fact]
    public void OnlyTheFirstMatchCounts()
    {
        var fixture = Create(("regex", @"(\d)"), ("serializers", "s1"), ("serializers.s1.name", "n"));
        Assert.Equal("n=4", Headers(fixture.Intercept(Options.Event("a4b5c6"))!));
    }

    [Fact]
    public void GroupThatDidNotTakePart_SetsNoHeader()
    {
        var fixture = Create(("regex", "(a)?(b)"), ("serializers", "s1 s2"), ("serializers.s1.name", "first"), ("serializers.s2.name", "second"));
        Assert.Equal("second=b", Headers(fixture.Intercept(Options.Event("b"))!));
    }

    [Fact]
    public void NamedGroups_AreNumberedLeftToRightAsInJava()
    {
        var fixture = Create(("regex", @"(?<year>\d{4})-(\d\d)"), ("serializers", "s1 s2"), ("serializers.s1.name", "y"), ("serializers.s2.name", "m"));
        Assert.Equal("m=10 y=2012", Headers(fixture.Intercept(Options.Event("2012-10"))!));
    }

    [Fact]
    public void BadDateInTheBody_FailsTheEvent()
    {
        var fixture = Create(("regex", @"^(\S+)"), ("serializers", "s1"),
            ("serializers.s1.type", RegexExtractorInterceptor.MillisSerializerClass), ("serializers.s1.name", "timestamp"),
            ("serializers.s1.pattern", "yyyy-MM-dd"));
        Assert.Throws<FormatException>(() => fixture.Intercept(Options.Event("2012-13-01 rest")));
    }

    [Fact]
    public void PassThroughSerializer_ReturnsTheSameValue() =>
        Assert.Equal("testing (1,2,3,4)", RegexExtractorPassThroughSerializer.Instance.Serialize("testing (1,2,3,4)"));

    [Fact]
    public void MillisSerializer_RequiresAPattern()
    {
        Assert.Throws<ArgumentException>(() => new RegexExtractorMillisSerializer(null));
        Assert.Throws<ArgumentException>(() => new RegexExtractorMillisSerializer(string.Empty));
    }

    [Fact]
    public void MillisSerializer_RequiresAValidPattern() =>
        Assert.ThrowsAny<ArgumentException>(() => new RegexExtractorMillisSerializer("ABCDEFG"));

    [Fact]
    public void MillisSerializer_ReturnsMillisFromPattern() =>
        Assert.Equal("1350484484000", new RegexExtractorMillisSerializer("yyyy-MM-dd HH:mm:ss", TimeZoneInfo.Utc).Serialize("2012-10-17 14:34:44"));
}
