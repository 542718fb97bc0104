using FlumeNet.Agent.Core;
using NLog;

namespace FlumeNet.Agent.Runners;

/// <summary>
/// Flume's SinkRunner (reference §8.5): one thread per standalone sink or group calling the processor in a loop.
/// BACKOFF sleeps <c>min(n × 1000, 5000)</c> ms; a failed batch is logged (on change of cause, then at most once a
/// minute with a count) and retried after 5 s. Stop (called after the sources stopped) first drains: batches go on
/// until the channel is empty, a batch fails, or <see cref="DrainTimeout"/> passes, so events a source already
/// acknowledged are not dropped with a memory channel (Flume stops after the current batch and loses them). At the
/// drain limit a sink still busy is interrupted (<see cref="IInterruptible"/>, else told to stop) and waited for at
/// most <see cref="AbortGrace"/>: a sink whose destination never answers cannot hold the agent's stop.
/// </summary>
public sealed class SinkRunner
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly ISinkProcessor _processor;
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _backoffStep;
    private readonly TimeSpan _maxBackoff;
    private readonly TimeSpan _errorBackoff;
    private readonly RetryLogLimiter _retryLog = new();
    private readonly HashSet<ISink> _stopped = [];
    private Thread? _thread;
    private long _drainUntil = long.MaxValue;

    public SinkRunner(ISinkProcessor processor, TimeSpan? backoffStep = null, TimeSpan? maxBackoff = null, TimeSpan? errorBackoff = null)
    {
        _processor = processor;
        _backoffStep = backoffStep ?? TimeSpan.FromSeconds(1);
        _maxBackoff = maxBackoff ?? TimeSpan.FromSeconds(5);
        _errorBackoff = errorBackoff ?? TimeSpan.FromSeconds(5);
    }

    public ISinkProcessor Processor => _processor;

    /// <summary>How long Stop keeps delivering what is left in the channel (the drain limit).</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long Stop waits, after the drain limit, for a sink it interrupted.</summary>
    public TimeSpan AbortGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest Stop can take: the drain limit, the grace after the interrupt, and the sinks' own stop.</summary>
    public TimeSpan StopLimit => DrainTimeout + AbortGrace + AbortGrace;

    public void Start()
    {
        foreach (var sink in _processor.Sinks)
        {
            sink.Start();
        }
        _thread = new Thread(Loop) { Name = $"SinkRunner-{_processor.Name}", IsBackground = true };
        _thread.Start();
    }

    public void Stop()
    {
        var drainUntil = Environment.TickCount64 + (long)DrainTimeout.TotalMilliseconds;
        Interlocked.Exchange(ref _drainUntil, drainUntil);
        _stop.Cancel();
        if (_thread is { } thread)
        {
            // A take that began just after an interrupt would wait out the channel's keep-alive: interrupt until the
            // drain ends, so an idle sink stops at once whatever keep-alive is.
            InterruptTakers();
            while (!thread.Join(20) && Environment.TickCount64 < drainUntil)
            {
                InterruptTakers();
            }
            if (thread.IsAlive)
            {
                Abort(thread);
            }
        }
        foreach (var sink in _processor.Sinks)
        {
            if (_stopped.Add(sink))
            {
                sink.Stop();
            }
        }
    }

    private void Abort(Thread thread)
    {
        Log.Error("Sink '{Runner}' could not finish delivering within the drain limit of {Limit} s (its destination does not accept the batch); interrupting it",
            _processor.Name, DrainTimeout.TotalSeconds);
        foreach (var sink in _processor.Sinks)
        {
            try
            {
                if (sink is IInterruptible interruptible)
                {
                    interruptible.Interrupt();
                }
                else if (_stopped.Add(sink))
                {
                    sink.Stop();
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.Error("Sink '{Sink}' failed while being interrupted: {Reason}", sink.Name, ex.Message);
            }
        }
        var graceUntil = Environment.TickCount64 + (long)AbortGrace.TotalMilliseconds;
        while (!thread.Join(20) && Environment.TickCount64 < graceUntil)
        {
            InterruptTakers();
        }
        if (thread.IsAlive)
        {
            Log.Error("Sink '{Runner}' did not return within {Grace} s of being interrupted; the agent stops without it", _processor.Name, AbortGrace.TotalSeconds);
        }
    }

    private void InterruptTakers()
    {
        foreach (var sink in _processor.Sinks)
        {
            sink.Channel.InterruptTakers();
        }
    }

    private void Loop()
    {
        var consecutiveBackoffs = 0;
        while (!_stop.IsCancellationRequested || Environment.TickCount64 < Interlocked.Read(ref _drainUntil))
        {
            var draining = _stop.IsCancellationRequested;
            try
            {
                if (_processor.Process() == ProcessStatus.Ready)
                {
                    consecutiveBackoffs = 0;
                    if (_retryLog.Succeeded(out var failures))
                    {
                        Log.Info("Sink '{Runner}' delivers again after {Failures} failed batches", _processor.Name, failures);
                    }
                    continue;
                }
                if (draining)
                {
                    return;
                }
                consecutiveBackoffs++;
                Sleep(TimeSpan.FromTicks(Math.Min(_backoffStep.Ticks * consecutiveBackoffs, _maxBackoff.Ticks)));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (draining || _stop.IsCancellationRequested)
                {
                    Log.Error("Sink '{Runner}' is stopping and could not deliver a batch; it stays in the channel: {Reason}", _processor.Name, ex.Message);
                    return;
                }
                if (_retryLog.ShouldReport(ex.Message, out var unreported))
                {
                    Log.Error("Sink '{Runner}' could not deliver a batch; it stays in the channel and is retried: {Reason}{Repeats}",
                        _processor.Name, ex.Message, RetryLogLimiter.Suffix(unreported));
                }
                Sleep(_errorBackoff);
            }
        }
    }

    private void Sleep(TimeSpan t) => _stop.Token.WaitHandle.WaitOne(t);
}
