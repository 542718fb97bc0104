namespace FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

/// <summary>A clock that stands still until a test advances it, so lease expiry does not depend on how fast the machine is.</summary>
public sealed class ManualClock : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _now = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _now += by;
        }
    }
}
