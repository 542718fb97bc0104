namespace FlumeNet.Agent.Monitoring;

/// <summary>Flume's ChannelCounter (reference §7.3): the attribute names monitoring systems already scrape.</summary>
public sealed class ChannelCounter
{
    private long _putAttempt;
    private long _takeAttempt;
    private long _putSuccess;
    private long _takeSuccess;
    private long _size;

    public ChannelCounter(string name, long capacity)
    {
        Name = name;
        Capacity = capacity;
    }

    public string Name { get; }

    public long Capacity { get; set; }

    public long StartTime { get; private set; }

    public long StopTime { get; private set; }

    public long EventPutAttemptCount => Volatile.Read(ref _putAttempt);

    public long EventTakeAttemptCount => Volatile.Read(ref _takeAttempt);

    public long EventPutSuccessCount => Volatile.Read(ref _putSuccess);

    public long EventTakeSuccessCount => Volatile.Read(ref _takeSuccess);

    public long ChannelSize => Volatile.Read(ref _size);

    public double ChannelFillPercentage => Capacity == 0 ? double.MaxValue : ChannelSize * 100.0 / Capacity;

    public void AddPutAttempts(long n) => Interlocked.Add(ref _putAttempt, n);

    public void AddTakeAttempts(long n) => Interlocked.Add(ref _takeAttempt, n);

    public void AddPutSuccesses(long n) => Interlocked.Add(ref _putSuccess, n);

    public void AddTakeSuccesses(long n) => Interlocked.Add(ref _takeSuccess, n);

    public void SetSize(long size) => Volatile.Write(ref _size, size);

    /// <summary>Flume resets every counter when a component starts (also on reload).</summary>
    public void Start()
    {
        _putAttempt = _takeAttempt = _putSuccess = _takeSuccess = 0;
        StartTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        StopTime = 0;
    }

    public void Stop() => StopTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
