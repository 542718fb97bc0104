using FlumeNet.Agent.Core;
using NLog;

namespace FlumeNet.Agent.Runners;

/// <summary>
/// Flume's PollableSourceRunner (reference §8.5): BACKOFF sleeps <c>min(n × backoffSleepIncrement, maxBackoffSleep)</c>;
/// a failure sleeps <c>maxBackoffSleep</c> and is logged once per distinct cause.
/// </summary>
public sealed class PollableSourceRunner
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly IPollableSource _source;
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;

    public PollableSourceRunner(IPollableSource source) => _source = source;

    public void Start()
    {
        _source.Start();
        _thread = new Thread(Loop) { Name = $"PollableSourceRunner-{_source.Name}", IsBackground = true };
        _thread.Start();
    }

    public void Stop()
    {
        _stop.Cancel();
        _thread?.Join();
        _source.Stop();
    }

    private void Loop()
    {
        var consecutiveBackoffs = 0;
        string? lastError = null;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (_source.Process() == ProcessStatus.Ready)
                {
                    consecutiveBackoffs = 0;
                    lastError = null;
                    continue;
                }
                consecutiveBackoffs++;
                var ticks = Math.Min(_source.BackoffSleepIncrement.Ticks * consecutiveBackoffs, _source.MaxBackoffSleep.Ticks);
                _stop.Token.WaitHandle.WaitOne(TimeSpan.FromTicks(ticks));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (ex.Message != lastError)
                {
                    Log.Error("Source '{Source}' failed to process a batch; it is retried: {Reason}", _source.Name, ex.Message);
                    lastError = ex.Message;
                }
                _stop.Token.WaitHandle.WaitOne(_source.MaxBackoffSleep);
            }
        }
    }
}
