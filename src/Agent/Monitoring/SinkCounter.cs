namespace FlumeNet.Agent.Monitoring;

/// <summary>Flume's SinkCounter (reference §7.3). Updated per batch, not per event.</summary>
public sealed class SinkCounter
{
    private long _connectionCreated;
    private long _connectionClosed;
    private long _connectionFailed;
    private long _batchEmpty;
    private long _batchUnderflow;
    private long _batchComplete;
    private long _drainAttempt;
    private long _drainSuccess;
    private long _eventWriteFail;
    private long _channelReadFail;

    public SinkCounter(string name) => Name = name;

    public string Name { get; }

    public long StartTime { get; private set; }

    public long StopTime { get; private set; }

    public long ConnectionCreatedCount => Volatile.Read(ref _connectionCreated);

    public long ConnectionClosedCount => Volatile.Read(ref _connectionClosed);

    public long ConnectionFailedCount => Volatile.Read(ref _connectionFailed);

    public long BatchEmptyCount => Volatile.Read(ref _batchEmpty);

    public long BatchUnderflowCount => Volatile.Read(ref _batchUnderflow);

    public long BatchCompleteCount => Volatile.Read(ref _batchComplete);

    public long EventDrainAttemptCount => Volatile.Read(ref _drainAttempt);

    public long EventDrainSuccessCount => Volatile.Read(ref _drainSuccess);

    public long EventWriteFail => Volatile.Read(ref _eventWriteFail);

    public long ChannelReadFail => Volatile.Read(ref _channelReadFail);

    public void IncrementConnectionCreated() => Interlocked.Increment(ref _connectionCreated);

    public void IncrementConnectionClosed() => Interlocked.Increment(ref _connectionClosed);

    public void IncrementConnectionFailed() => Interlocked.Increment(ref _connectionFailed);

    /// <summary>Counts one batch by how full it was, as Flume's sinks do.</summary>
    public void CountBatch(int taken, int batchSize)
    {
        if (taken == 0)
        {
            Interlocked.Increment(ref _batchEmpty);
        }
        else if (taken < batchSize)
        {
            Interlocked.Increment(ref _batchUnderflow);
        }
        else
        {
            Interlocked.Increment(ref _batchComplete);
        }
    }

    public void AddDrainAttempts(long n) => Interlocked.Add(ref _drainAttempt, n);

    public void AddDrainSuccesses(long n) => Interlocked.Add(ref _drainSuccess, n);

    public void IncrementEventWriteFail() => Interlocked.Increment(ref _eventWriteFail);

    public void IncrementChannelReadFail() => Interlocked.Increment(ref _channelReadFail);

    public void Start()
    {
        _connectionCreated = _connectionClosed = _connectionFailed = 0;
        _batchEmpty = _batchUnderflow = _batchComplete = 0;
        _drainAttempt = _drainSuccess = _eventWriteFail = _channelReadFail = 0;
        StartTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        StopTime = 0;
    }

    public void Stop() => StopTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
