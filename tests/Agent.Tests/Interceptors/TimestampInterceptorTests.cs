using System.Globalization;
using FlumeNet.Agent.Interceptors;
using FlumeNet.Agent.Registry.Specs;

namespace FlumeNet.Agent.Tests.Interceptors;

/// <summary>Flume's TestTimestampInterceptor, as facts.</summary>
public sealed class TimestampInterceptorTests
{
    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Fact]
    public void Basic_SetsTimestampHeaderToNow()
    {
        var interceptor = TimestampInterceptor.Create(Options.For(InterceptorSpecs.Timestamp));
        var e = Options.Event("test event");
        Assert.Null(e.Header("timestamp"));
        var before = Now();
        interceptor.Intercept(e);
        var stamp = long.Parse(e.Header("timestamp")!, CultureInfo.InvariantCulture);
        Assert.InRange(stamp, before, Now());
    }

    [Fact]
    public void Clock_IsWrittenAsDecimalMillis()
    {
        var interceptor = new TimestampInterceptor("timestamp", false, () => 1350484440000L);
        var e = interceptor.Intercept(Options.Event("test event"))!;
        Assert.Equal("1350484440000", e.Header("timestamp"));
    }

    [Fact]
    public void PreserveExisting_KeepsTheOriginalTimestamp()
    {
        var interceptor = TimestampInterceptor.Create(Options.For(InterceptorSpecs.Timestamp, ("preserveExisting", "true")));
        var e = interceptor.Intercept(Options.Event("test event", ("timestamp", "1")))!;
        Assert.Equal("1", e.Header("timestamp"));
    }

    [Fact]
    public void NotPreserving_OverwritesTheOriginalTimestamp()
    {
        var interceptor = TimestampInterceptor.Create(Options.For(InterceptorSpecs.Timestamp, ("preserveExisting", "false")));
        var before = Now();
        var e = interceptor.Intercept(Options.Event("test event", ("timestamp", "1")))!;
        Assert.True(long.Parse(e.Header("timestamp")!, CultureInfo.InvariantCulture) >= before);
    }

    [Fact]
    public void CustomHeaderName_LeavesTheDefaultHeaderAlone()
    {
        var interceptor = TimestampInterceptor.Create(Options.For(InterceptorSpecs.Timestamp, ("headerName", "timestampHeader")));
        var before = Now();
        var e = interceptor.Intercept(Options.Event("test event", ("timestamp", "1")))!;
        Assert.Equal("1", e.Header("timestamp"));
        Assert.True(long.Parse(e.Header("timestampHeader")!, CultureInfo.InvariantCulture) >= before);
    }
}
