using FlumeNet.Agent.Core;
using NLog;

namespace FlumeNet.Agent.Runners;

/// <summary>
/// Flume's SinkRunner (reference §8.5): one thread per standalone sink or group calling the processor in a loop.
/// BACKOFF sleeps <c>min(n × 1000, 5000)</c> ms; a failed batch is logged (once per distinct cause, then counted) and
/// retried after 5 s. Stop (called after the sources stopped) first drains: batches go on until the channel is
/// empty, a batch fails, or <see cref="DrainTimeout"/> passes, so events a source already acknowledged are not
/// dropped with a memory channel (Flume stops after the current batch and loses them); then it stops the sinks.
/// </summary>
public sealed class SinkRunner
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly ISinkProcessor _processor;
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _backoffStep;
    private readonly TimeSpan _maxBackoff;
    private readonly TimeSpan _errorBackoff;
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

    /// <summary>How long Stop keeps delivering what is left in the channel.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

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
        Interlocked.Exchange(ref _drainUntil, Environment.TickCount64 + (long)DrainTimeout.TotalMilliseconds);
        _stop.Cancel();
        foreach (var sink in _processor.Sinks)
        {
            sink.Channel.InterruptTakers();
        }
        _thread?.Join();
        foreach (var sink in _processor.Sinks)
        {
            sink.Stop();
        }
    }

    private void Loop()
    {
        var consecutiveBackoffs = 0;
        string? lastError = null;
        while (!_stop.IsCancellationRequested || Environment.TickCount64 < Interlocked.Read(ref _drainUntil))
        {
            var draining = _stop.IsCancellationRequested;
            try
            {
                if (_processor.Process() == ProcessStatus.Ready)
                {
                    consecutiveBackoffs = 0;
                    lastError = null;
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
                if (draining)
                {
                    Log.Error("Sink '{Runner}' is stopping and could not deliver a batch; what is left in its channel is not written: {Reason}", _processor.Name, ex.Message);
                    return;
                }
                if (ex.Message != lastError)
                {
                    Log.Error("Sink '{Runner}' could not deliver a batch; it stays in the channel and is retried: {Reason}", _processor.Name, ex.Message);
                    lastError = ex.Message;
                }
                Sleep(_errorBackoff);
            }
        }
    }

    private void Sleep(TimeSpan t) => _stop.Token.WaitHandle.WaitOne(t);
}
