namespace FlumeNet.Agent.Tests.Sources.Syslog;

/// <summary>A clock that always says the same instant, for Flume's "now"-dependent year rules.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
