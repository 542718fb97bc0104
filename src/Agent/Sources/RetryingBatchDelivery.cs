using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sources;

/// <summary>
/// Delivers a source's batch and keeps it when the channels refuse it: retried with a doubling delay (100 ms up to 5 s,
/// a WARN each time) while the source runs, so the producer waits instead of losing data. Only while stopping is a
/// refused batch given one last try and then logged at ERROR as lost. Used by sources that cannot push back upstream
/// any other way (exec, netcatudp). Not thread-safe: one per source reader.
/// </summary>
internal sealed class RetryingBatchDelivery
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private readonly string _source;
    private readonly string _unit;
    private readonly ChannelProcessor _processor;
    private readonly SourceCounter _counter;
    private readonly List<FlumeEvent> _attempt = [];

    /// <param name="unit">What the events are called in log lines ("events", "datagrams").</param>
    public RetryingBatchDelivery(string source, string unit, ChannelProcessor processor, SourceCounter counter)
    {
        _source = source;
        _unit = unit;
        _processor = processor;
        _counter = counter;
    }

    /// <summary>Delivers <paramref name="batch"/> and clears it.</summary>
    public async ValueTask DeliverAsync(List<FlumeEvent> batch, CancellationToken stopping)
    {
        var count = batch.Count;
        if (count == 0)
        {
            return;
        }
        _counter.AddEventsReceived(count);
        _counter.IncrementAppendBatchReceived();
        var delay = new DoublingDelay(FirstRetryDelay, MaxRetryDelay);
        for (var attempt = 1; ; attempt++)
        {
            // Interceptors edit the list in place, so every attempt starts again from the events as read.
            _attempt.Clear();
            _attempt.AddRange(batch);
            try
            {
                _processor.ProcessBatch(_attempt);
                _counter.AddEventsAccepted(count);
                _counter.IncrementAppendBatchAccepted();
                break;
            }
            catch (ChannelException ex)
            {
                _counter.IncrementChannelWriteFail();
                if (stopping.IsCancellationRequested)
                {
                    Log.Error("Source '{Source}' is stopping and the channel refused its last {Count} {Unit}; they are lost: {Reason}", _source, count, _unit, ex.Message);
                    break;
                }
                Log.Warn("Source '{Source}': the channel refused a batch of {Count} {Unit} (attempt {Attempt}); retrying in {Delay} ms: {Reason}",
                    _source, count, _unit, attempt, delay.Current.TotalMilliseconds, ex.Message);
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
        batch.Clear();
        _attempt.Clear();
    }
}
