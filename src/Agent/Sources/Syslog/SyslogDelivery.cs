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
        if (events.Count == 0)
        {
            return;
        }
        if (events.Count <= MaxBatch)
        {
            await DeliverBatchAsync(events, stopping).ConfigureAwait(false);
        }
        else
        {
            var chunk = new List<FlumeEvent>(MaxBatch);
            for (var i = 0; i < events.Count; i += MaxBatch)
            {
                chunk.Clear();
                chunk.AddRange(events.GetRange(i, Math.Min(MaxBatch, events.Count - i)));
                await DeliverBatchAsync(chunk, stopping).ConfigureAwait(false);
            }
        }
        events.Clear();
    }

    private async ValueTask DeliverBatchAsync(List<FlumeEvent> batch, CancellationToken stopping)
    {
        var count = batch.Count;
        _counter.AddEventsReceived(count);
        _counter.IncrementAppendBatchReceived();
        var delay = new DoublingDelay(FirstRetryDelay, MaxRetryDelay);
        var attempt = new List<FlumeEvent>(count);
        for (var n = 1; ; n++)
        {
            // Interceptors edit the list in place, so every attempt starts again from the events as parsed.
            attempt.Clear();
            attempt.AddRange(batch);
            try
            {
                lock (_lock)
                {
                    _processor.ProcessBatch(attempt);
                }
                _counter.AddEventsAccepted(count);
                _counter.IncrementAppendBatchAccepted();
                return;
            }
            catch (ChannelException ex)
            {
                _counter.IncrementChannelWriteFail();
                if (stopping.IsCancellationRequested)
                {
                    Log.Error("Source '{Source}' is stopping and the channel refused its last {Count} events; they are lost: {Reason}", _source, count, ex.Message);
                    return;
                }
                Log.Warn("Source '{Source}': the channel refused a batch of {Count} events (attempt {Attempt}); retrying in {Delay} ms: {Reason}",
                    _source, count, n, delay.Current.TotalMilliseconds, ex.Message);
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
    }
}
