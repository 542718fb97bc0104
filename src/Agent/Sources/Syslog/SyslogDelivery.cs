using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sources.Syslog;

/// <summary>
/// Puts a connection's parsed events into the channels in batches of at most <see cref="MaxBatch"/>, one caller at a
/// time across connections. A refused batch is kept and retried with a doubling delay (100 ms to 5 s, WARN each time) while
/// the source runs, so the sender is slowed down by TCP flow control instead of losing data (Flume drops it, §3.6). Only
/// while stopping is a refused batch given one last try and logged at ERROR as lost.
/// </summary>
internal sealed class SyslogDelivery
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private readonly string _source;
    private readonly ChannelProcessor _processor;
    private readonly SourceCounter _counter;
    private readonly object _lock = new();
    private readonly List<FlumeEvent> _attempt = [];

    public SyslogDelivery(string source, ChannelProcessor processor, SourceCounter counter, int batchSize)
    {
        _source = source;
        _processor = processor;
        _counter = counter;
        MaxBatch = Math.Max(1, Math.Min(batchSize, processor.MaxBatchSize));
    }

    public int MaxBatch { get; }

    /// <summary>Delivers every event of <paramref name="events"/> (in batches) and clears the list.</summary>
    public async ValueTask DeliverAsync(List<FlumeEvent> events, CancellationToken stopping)
    {
        for (var i = 0; i < events.Count; i += MaxBatch)
        {
            var batch = Chunk(events, i);
            var delay = new DoublingDelay(FirstRetryDelay, MaxRetryDelay);
            for (var n = 1; !TryDeliver(batch, n, delay, stopping); n++)
            {
                try
                {
                    await Task.Delay(delay.Current, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopping: one last attempt follows.
                }
                delay.Advance();
            }
        }
        events.Clear();
    }

    /// <summary><see cref="DeliverAsync"/> for a connection's own thread: a retry waits on that thread.</summary>
    public void Deliver(List<FlumeEvent> events, CancellationToken stopping)
    {
        for (var i = 0; i < events.Count; i += MaxBatch)
        {
            var batch = Chunk(events, i);
            var delay = new DoublingDelay(FirstRetryDelay, MaxRetryDelay);
            for (var n = 1; !TryDeliver(batch, n, delay, stopping); n++)
            {
                // Stopping ends the wait: one last attempt follows.
                stopping.WaitHandle.WaitOne(delay.Current);
                delay.Advance();
            }
        }
        events.Clear();
    }

    private List<FlumeEvent> Chunk(List<FlumeEvent> events, int start) =>
        start == 0 && events.Count <= MaxBatch ? events : events.GetRange(start, Math.Min(MaxBatch, events.Count - start));

    // One attempt; false when the channel refused the batch and it should be tried again after the delay.
    private bool TryDeliver(List<FlumeEvent> batch, int attemptNumber, DoublingDelay delay, CancellationToken stopping)
    {
        var count = batch.Count;
        if (attemptNumber == 1)
        {
            _counter.AddEventsReceived(count);
            _counter.IncrementAppendBatchReceived();
        }
        lock (_lock)
        {
            // Interceptors edit the list in place, so every attempt starts again from the events as parsed.
            _attempt.Clear();
            _attempt.AddRange(batch);
            try
            {
                _processor.ProcessBatch(_attempt);
            }
            catch (ChannelException ex)
            {
                _counter.IncrementChannelWriteFail();
                if (stopping.IsCancellationRequested)
                {
                    Log.Error("Source '{Source}' is stopping and the channel refused its last {Count} events; they are lost: {Reason}", _source, count, ex.Message);
                    return true;
                }
                Log.Warn("Source '{Source}': the channel refused a batch of {Count} events (attempt {Attempt}); retrying in {Delay} ms: {Reason}",
                    _source, count, attemptNumber, delay.Current.TotalMilliseconds, ex.Message);
                return false;
            }
            finally
            {
                _attempt.Clear();
            }
        }
        _counter.AddEventsAccepted(count);
        _counter.IncrementAppendBatchAccepted();
        return true;
    }
}
