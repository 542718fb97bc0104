using FlumeNet.Agent.Interceptors.Json;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Tests.Interceptors;

namespace FlumeNet.Agent.Tests.Interceptors.Json;

public sealed class JsonTimestampInterceptorTests
{
    private static JsonTimestampInterceptor Make(params (string, string)[] props) =>
        JsonTimestampInterceptor.Create(Options.For(JsonInterceptorSpecs.Timestamp, props));

    [Theory]
    [InlineData("{\"ts\":1700000000}", "1700000000000")]
    [InlineData("{\"ts\":1700000000123}", "1700000000123")]
    [InlineData("{\"ts\":\"1700000000\"}", "1700000000000")]
    [InlineData("{\"ts\":1700000000.5}", "1700000000500")]
    public void Auto_TellsSecondsFromMillis(string body, string expected)
    {
        var e = Make(("field", "ts")).Intercept(Options.Event(body))!;
        Assert.Equal(expected, e.Header("timestamp"));
    }

    [Fact]
    public void Seconds_AreMultipliedEvenWhenLarge()
    {
        var e = Make(("field", "ts"), ("format", "seconds")).Intercept(Options.Event("{\"ts\":200000000000}"))!;
        Assert.Equal("200000000000000", e.Header("timestamp"));
    }

    [Fact]
    public void Pattern_WithZone_GivesEpochMillis()
    {
        var interceptor = Make(("field", "meta.time"), ("format", "yyyy-MM-dd HH:mm:ss"), ("timeZone", "Asia/Shanghai"));
        var e = interceptor.Intercept(Options.Event("{\"meta\":{\"time\":\"2024-01-02 08:00:00\"},\"x\":1}"))!;
        // 08:00 in UTC+8 is midnight UTC.
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), e.Header("timestamp"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"other\":1}")]
    [InlineData("{\"ts\":null}")]
    [InlineData("{\"ts\":\"yesterday\"}")]
    [InlineData("[1,2]")]
    public void Unreadable_PassesWithoutHeader_OrIsDroppedWhenAsked(string body)
    {
        var kept = Make(("field", "ts")).Intercept(Options.Event(body));
        Assert.NotNull(kept);
        Assert.Null(kept!.Header("timestamp"));
        Assert.Null(Make(("field", "ts"), ("dropOnError", "true")).Intercept(Options.Event(body)));
    }

    [Fact]
    public void PreserveExisting_KeepsTheHeader()
    {
        var e = Make(("field", "ts"), ("preserveExisting", "true")).Intercept(Options.Event("{\"ts\":1}", ("timestamp", "5")))!;
        Assert.Equal("5", e.Header("timestamp"));
        var overwritten = Make(("field", "ts")).Intercept(Options.Event("{\"ts\":1}", ("timestamp", "5")))!;
        Assert.Equal("1000", overwritten.Header("timestamp"));
    }

    [Fact]
    public void HeaderName_IsConfigurable()
    {
        var e = Make(("field", "ts"), ("headerName", "eventTime")).Intercept(Options.Event("{\"ts\":2}"))!;
        Assert.Equal("2000", e.Header("eventTime"));
        Assert.Null(e.Header("timestamp"));
    }

    [Fact]
    public void BadPath_IsRejectedAtCreation() =>
        Assert.Throws<ArgumentException>(() => Make(("field", "a..b")));
}
