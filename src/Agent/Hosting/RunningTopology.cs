using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using FlumeNet.Agent.Runners;
using NLog;

namespace FlumeNet.Agent.Hosting;

/// <summary>
/// Starts and stops one topology in Flume's order (channels → sinks → sources; stop sources → sinks → channels).
/// A component that fails to start is retried every 3 s like Flume's supervisor, logged at ERROR whenever its cause
/// changes, unless the failure is a <see cref="PermanentStartException"/>; with <c>strict</c> the first failure aborts the
/// start instead.
/// </summary>
public sealed class RunningTopology : IDisposable
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly List<(string What, Action Start)> _pending = [];
    private readonly List<Action> _stops = [];
    private readonly Dictionary<string, string> _lastError = new(StringComparer.Ordinal);
    private readonly object _lock = new();
    private Timer? _retry;
    private bool _stopped;

    public RunningTopology(Topology topology) => Topology = topology;

    public Topology Topology { get; }

    public void Start(bool strict)
    {
        foreach (var channel in Topology.Channels.Values)
        {
            channel.Counter.Start();
            // Channels with a lifecycle (the file channel opens its directories and replays) start first, stop last.
            if (channel is ILifecycleComponent lifecycle)
            {
                TryStart($"channel '{channel.Name}'", lifecycle.Start, lifecycle.Stop, strict);
            }
        }
        foreach (var runner in Topology.SinkRunners)
        {
            TryStart($"sink runner '{runner.Processor.Name}'", runner.Start, runner.Stop, strict);
        }
        foreach (var source in Topology.Sources)
        {
            if (source is IPollableSource pollable)
            {
                var runner = new PollableSourceRunner(pollable);
                TryStart($"source '{source.Name}'", runner.Start, runner.Stop, strict);
            }
            else
            {
                TryStart($"source '{source.Name}'", source.Start, source.Stop, strict);
            }
        }
        if (_pending.Count > 0)
        {
            _retry = new Timer(_ => RetryPending(), null, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3));
        }
    }

    /// <summary>Stops sources, then sinks (their runners finish the current batch), then channels.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
            _retry?.Dispose();
        }
        // _stops holds channels, then sinks, then sources (start order); stop in reverse.
        for (var i = _stops.Count - 1; i >= 0; i--)
        {
            try
            {
                _stops[i]();
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or AggregateException)
            {
                Log.Error("A component failed to stop cleanly: {Reason}", ex.Message);
            }
        }
        foreach (var channel in Topology.Channels.Values)
        {
            channel.Counter.Stop();
        }
    }

    public void Dispose() => Stop();

    private void TryStart(string what, Action start, Action stop, bool strict)
    {
        try
        {
            start();
            _stops.Add(stop);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            if (strict)
            {
                throw new StartupException($"{what} cannot start: {ex.Message}", ex);
            }
            if (ex is PermanentStartException)
            {
                Log.Error("{What} cannot start and will not be retried; fix the configuration and restart the agent (or edit the file to reload): {Reason}", what, ex.Message);
                return;
            }
            Log.Error("{What} cannot start, retrying every 3 s: {Reason}", what, ex.Message);
            _lastError[what] = ex.Message;
            _pending.Add((what, () =>
            {
                start();
                _stops.Add(stop);
            }));
        }
    }

    private void RetryPending()
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }
            for (var i = _pending.Count - 1; i >= 0; i--)
            {
                var (what, start) = _pending[i];
                try
                {
                    start();
                    _pending.RemoveAt(i);
                    Log.Info("{What} started after retrying", what);
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
                {
                    if (_lastError.GetValueOrDefault(what) != ex.Message)
                    {
                        Log.Error("{What} still cannot start: {Reason}", what, ex.Message);
                        _lastError[what] = ex.Message;
                    }
                }
            }
            if (_pending.Count == 0)
            {
                _retry?.Dispose();
            }
        }
    }
}
