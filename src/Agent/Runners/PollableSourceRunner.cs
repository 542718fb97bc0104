using FlumeNet.Agent.Core;
using NLog;

namespace FlumeNet.Agent.Runners;

/// <summary>
/// Flume's PollableSourceRunner (reference §8.5): BACKOFF sleeps <c>min(n × backoffSleepIncrement, maxBackoffSleep)</c>;
/// a failure sleeps <c>maxBackoffSleep</c> and is logged on change of cause, then at most once a minute with a count.
/// Stop cancels the loop and waits at most <see cref="StopTimeout"/> for the batch in progress (a full channel or a
/// silent peer); then the source is interrupted (<see cref="IInterruptible"/>, else stopped) and waited for briefly.
/// </summary>
public sealed class PollableSourceRunner
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly IPollableSource _source;
    private readonly CancellationTokenSource _stop = new();
    private readonly RetryLogLimiter _retryLog = new();
    private Thread? _thread;

    public PollableSourceRunner(IPollableSource source) => _source = source;

    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan AbortGrace { get; init; } = TimeSpan.FromSeconds(2);

    public void Start()
    {
        _source.Start();
        _thread = new Thread(Loop) { Name = $"PollableSourceRunner-{_source.Name}", IsBackground = true };
        _thread.Start();
    }

    public void Stop()
    {
        _stop.Cancel();
        var stopped = false;
        if (_thread is { } thread && !thread.Join(StopTimeout))
        {
            Log.Error("Source '{Source}' did not finish its batch within {Limit} s of the stop (a full channel or a peer that does not answer); interrupting it",
                _source.Name, StopTimeout.TotalSeconds);
            if (_source is IInterruptible interruptible)
            {
                interruptible.Interrupt();
            }
            else
            {
                _source.Stop();
                stopped = true;
            }
            if (!thread.Join(AbortGrace))
            {
                Log.Error("Source '{Source}' did not return within {Grace} s of being interrupted; the agent stops without it", _source.Name, AbortGrace.TotalSeconds);
            }
        }
        if (!stopped)
        {
            _source.Stop();
        }
    }

    private void Loop()
    {
        var consecutiveBackoffs = 0;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (_source.Process() == ProcessStatus.Ready)
                {
                    consecutiveBackoffs = 0;
                    _retryLog.Succeeded(out _);
                    continue;
                }
                consecutiveBackoffs++;
                var ticks = Math.Min(_source.BackoffSleepIncrement.Ticks * consecutiveBackoffs, _source.MaxBackoffSleep.Ticks);
                _stop.Token.WaitHandle.WaitOne(TimeSpan.FromTicks(ticks));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
                if (_retryLog.ShouldReport(ex.Message, out var unreported))
                {
                    Log.Error("Source '{Source}' failed to process a batch; it is retried: {Reason}{Repeats}", _source.Name, ex.Message, RetryLogLimiter.Suffix(unreported));
                }
                _stop.Token.WaitHandle.WaitOne(_source.MaxBackoffSleep);
            }
        }
    }
}
