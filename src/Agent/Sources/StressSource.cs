using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sources;

/// <summary>
/// Flume's StressSource: batches of <c>batchSize</c> header-less events whose body is one shared random buffer of
/// <c>size</c> bytes. It returns BACKOFF once <c>maxTotalEvents</c> events were attempted or <c>maxSuccessfulEvents</c>
/// delivered, and when the channels refuse a batch (the refused events count as attempted, as in Flume). With
/// <c>maxEventsPerSecond</c> each batch reserves its events from a rate limiter, like Guava's <c>acquire(n)</c>.
/// Unlike Flume, the last batch is cut so that neither limit is overshot. As Flume's, a full batch is the same
/// <c>batchSize</c> event objects each time (nothing is allocated per event) unless interceptors run: they may change or
/// drop events, so each batch then gets new event objects.
/// </summary>
public sealed class StressSource : IPollableSource, IMeteredSource
{
    // Process never blocks longer than this, so the runner can stop promptly; a longer wait takes several calls.
    private static readonly TimeSpan MaxRateWait = TimeSpan.FromMilliseconds(100);
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly StressSourceOptions _options;
    private readonly ChannelProcessor _processor;
    private readonly TimeProvider _time;
    private readonly byte[] _body;
    private readonly List<FlumeEvent> _batch;
    private readonly List<FlumeEvent> _reused;
    private readonly long _ticksPerEvent;
    private long _nextFree;
    private long _attempted;
    private long _delivered;

    public StressSource(string name, StressSourceOptions options, ChannelProcessor processor)
        : this(name, options, processor, TimeProvider.System)
    {
    }

    internal StressSource(string name, StressSourceOptions options, ChannelProcessor processor, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        Name = name;
        _options = options with { BatchSize = Math.Max(1, options.BatchSize) };
        _processor = processor;
        _time = time;
        _body = new byte[Math.Max(0, options.Size)];
        Random.Shared.NextBytes(_body);
        _batch = new List<FlumeEvent>(_options.BatchSize);
        _reused = new List<FlumeEvent>(_options.BatchSize);
        _ticksPerEvent = options.MaxEventsPerSecond > 0 ? Math.Max(1, time.TimestampFrequency / options.MaxEventsPerSecond) : 0;
        BackoffSleepIncrement = options.BackoffSleepIncrement ?? TimeSpan.FromMilliseconds(1000);
        MaxBackoffSleep = options.MaxBackoffSleep ?? TimeSpan.FromMilliseconds(5000);
        Counter = new SourceCounter(name);
    }

    public string Name { get; }

    public SourceCounter Counter { get; }

    public StressSourceOptions Options => _options;

    public TimeSpan BackoffSleepIncrement { get; }

    public TimeSpan MaxBackoffSleep { get; }

    /// <summary>Events handed to the channel processor so far, refused ones included.</summary>
    public long AttemptedEvents => _attempted;

    /// <summary>Events the channels committed so far.</summary>
    public long DeliveredEvents => _delivered;

    public static StressSource Create(BoundOptions o, ChannelProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(o);
        var options = new StressSourceOptions(
            o.GetInt("size", 500),
            o.GetLong("maxTotalEvents", -1),
            o.GetLong("maxSuccessfulEvents", -1),
            o.GetInt("batchSize", 1),
            o.GetInt("maxEventsPerSecond", 0),
            TimeSpan.FromMilliseconds(o.GetLong("backoffSleepIncrement", 1000)),
            TimeSpan.FromMilliseconds(o.GetLong("maxBackoffSleep", 5000)));
        return new StressSource(o.Name, options, processor);
    }

    public void Start()
    {
        Counter.Start();
        Log.Info("Source '{Source}' started: {Size}-byte events, {Batch} per batch", Name, _body.Length, _options.BatchSize);
    }

    public void Stop()
    {
        Counter.Stop();
        Log.Info("Source '{Source}' stopped after {Attempted} events attempted, {Delivered} delivered", Name, _attempted, _delivered);
    }

    public ProcessStatus Process()
    {
        var count = NextBatchSize();
        if (count == 0)
        {
            return ProcessStatus.Backoff;
        }
        if (_ticksPerEvent > 0 && !Reserve(count))
        {
            return ProcessStatus.Ready;
        }
        var batch = NextBatch(count);
        _attempted += count;
        Counter.AddEventsReceived(count);
        Counter.IncrementAppendBatchReceived();
        try
        {
            _processor.ProcessBatch(batch);
        }
        catch (ChannelException)
        {
            Counter.IncrementChannelWriteFail();
            return ProcessStatus.Backoff;
        }
        _delivered += count;
        Counter.AddEventsAccepted(count);
        Counter.IncrementAppendBatchAccepted();
        return ProcessStatus.Ready;
    }

    // Without interceptors nothing changes an event after it was put (headers stay empty, the body is shared), so a full
    // batch reuses the same objects, as Flume's StressSource does; interceptors get new ones, as they may set headers.
    private List<FlumeEvent> NextBatch(int count)
    {
        if (count == _options.BatchSize && !_processor.HasInterceptors)
        {
            while (_reused.Count < count)
            {
                _reused.Add(new FlumeEvent(_body));
            }
            return _reused;
        }
        _batch.Clear();
        for (var i = 0; i < count; i++)
        {
            _batch.Add(new FlumeEvent(_body));
        }
        return _batch;
    }

    private int NextBatchSize()
    {
        long count = _options.BatchSize;
        if (_options.MaxTotalEvents >= 0)
        {
            count = Math.Min(count, _options.MaxTotalEvents - _attempted);
        }
        if (_options.MaxSuccessfulEvents >= 0)
        {
            count = Math.Min(count, _options.MaxSuccessfulEvents - _delivered);
        }
        return (int)Math.Max(0, count);
    }

    // Reserves count events from the rate limiter; false after a short sleep when their turn has not come yet.
    private bool Reserve(int count)
    {
        var now = _time.GetTimestamp();
        if (_nextFree > now)
        {
            var wait = _time.GetElapsedTime(now, _nextFree);
            Thread.Sleep(wait < MaxRateWait ? wait : MaxRateWait);
            return false;
        }
        _nextFree = now + (count * _ticksPerEvent);
        return true;
    }
}
