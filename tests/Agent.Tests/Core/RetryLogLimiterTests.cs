using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Tests.Core;

public sealed class RetryLogLimiterTests
{
    private long _now = 1_000_000;

    private RetryLogLimiter Create() => new(TimeSpan.FromMinutes(1), () => _now);

    [Fact]
    public void SameCause_IsReportedOnce_ThenOncePerMinuteWithTheCount()
    {
        var limiter = Create();
        Assert.True(limiter.ShouldReport("connection refused", out var first));
        Assert.Equal(0, first);
        for (var i = 0; i < 59; i++)
        {
            _now += 1000;
            Assert.False(limiter.ShouldReport("connection refused", out _));
        }
        _now += 1000;
        Assert.True(limiter.ShouldReport("connection refused", out var repeats));
        Assert.Equal(59, repeats);
        _now += 1000;
        Assert.False(limiter.ShouldReport("connection refused", out _));
    }

    [Fact]
    public void ChangeOfCause_IsReportedAtOnce()
    {
        var limiter = Create();
        Assert.True(limiter.ShouldReport("connection refused", out _));
        Assert.False(limiter.ShouldReport("connection refused", out _));
        Assert.True(limiter.ShouldReport("HTTP 503", out var unreported));
        Assert.Equal(0, unreported);
        Assert.True(limiter.ShouldReport("connection refused", out _));
    }

    [Fact]
    public void Success_CountsTheFailures_AndResets()
    {
        var limiter = Create();
        Assert.False(limiter.Succeeded(out _));
        limiter.ShouldReport("x", out _);
        limiter.ShouldReport("x", out _);
        limiter.ShouldReport("x", out _);
        Assert.True(limiter.Succeeded(out var failures));
        Assert.Equal(3, failures);
        Assert.True(limiter.ShouldReport("x", out _), "the first failure after a recovery is reported again");
    }

    [Fact]
    public void Suffix_SaysHowManyWereNotLogged()
    {
        Assert.Equal(string.Empty, RetryLogLimiter.Suffix(0));
        Assert.Equal(" (12 more times since the last report)", RetryLogLimiter.Suffix(12));
    }
}
