namespace FlumeNet.Agent.Monitoring;

/// <summary>Flume's SourceCounter (reference §7.3). Updated per batch, not per event.</summary>
public sealed class SourceCounter
{
    private long _eventReceived;
    private long _eventAccepted;
    private long _appendReceived;
    private long _appendAccepted;
    private long _appendBatchReceived;
    private long _appendBatchAccepted;
    private long _openConnections;
    private long _eventReadFail;
    private long _channelWriteFail;
    private long _genericProcessingFail;

    public SourceCounter(string name) => Name = name;

    public string Name { get; }

    public long StartTime { get; private set; }

    public long StopTime { get; private set; }

    public long EventReceivedCount => Volatile.Read(ref _eventReceived);

    public long EventAcceptedCount => Volatile.Read(ref _eventAccepted);

    public long AppendReceivedCount => Volatile.Read(ref _appendReceived);

    public long AppendAcceptedCount => Volatile.Read(ref _appendAccepted);

    public long AppendBatchReceivedCount => Volatile.Read(ref _appendBatchReceived);

    public long AppendBatchAcceptedCount => Volatile.Read(ref _appendBatchAccepted);

    public long OpenConnectionCount => Volatile.Read(ref _openConnections);

    public long EventReadFail => Volatile.Read(ref _eventReadFail);

    public long ChannelWriteFail => Volatile.Read(ref _channelWriteFail);

    public long GenericProcessingFail => Volatile.Read(ref _genericProcessingFail);

    public void AddEventsReceived(long n) => Interlocked.Add(ref _eventReceived, n);

    public void AddEventsAccepted(long n) => Interlocked.Add(ref _eventAccepted, n);

    public void IncrementAppendReceived() => Interlocked.Increment(ref _appendReceived);

    public void IncrementAppendAccepted() => Interlocked.Increment(ref _appendAccepted);

    public void IncrementAppendBatchReceived() => Interlocked.Increment(ref _appendBatchReceived);

    public void IncrementAppendBatchAccepted() => Interlocked.Increment(ref _appendBatchAccepted);

    public void AddOpenConnections(long delta) => Interlocked.Add(ref _openConnections, delta);

    public void IncrementEventReadFail() => Interlocked.Increment(ref _eventReadFail);

    public void IncrementChannelWriteFail() => Interlocked.Increment(ref _channelWriteFail);

    public void IncrementGenericProcessingFail() => Interlocked.Increment(ref _genericProcessingFail);

    public void Start()
    {
        _eventReceived = _eventAccepted = _appendReceived = _appendAccepted = 0;
        _appendBatchReceived = _appendBatchAccepted = _openConnections = 0;
        _eventReadFail = _channelWriteFail = _genericProcessingFail = 0;
        StartTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        StopTime = 0;
    }

    public void Stop() => StopTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
