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
    private static readonly TimeSpan SourceStopLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ChannelStopLimit = TimeSpan.FromSeconds(30);
    private readonly List<(string What, Action Start)> _pending = [];
    private readonly List<(string What, Action Stop, TimeSpan Limit, bool IsSink)> _stops = [];
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
            Log.Info("Starting Channel {Channel}", channel.Name);
            channel.Counter.Start();
            // Channels with a lifecycle (the file channel opens its directories and replays) start first, stop last.
            if (channel is ILifecycleComponent lifecycle)
            {
                TryStart($"channel '{channel.Name}'", lifecycle.Start, static () => { }, TimeSpan.Zero, strict);
            }
        }
        foreach (var runner in Topology.SinkRunners)
        {
            foreach (var sink in runner.Processor.Sinks)
            {
                Log.Info("Starting Sink {Sink}", sink.Name);
            }
            TryStart($"sink runner '{runner.Processor.Name}'", runner.Start, runner.Stop, runner.StopLimit + SourceStopLimit, strict);
        }
        foreach (var source in Topology.Sources)
        {
            Log.Info("Starting Source {Source}", source.Name);
            if (source is IPollableSource pollable)
            {
                var runner = new PollableSourceRunner(pollable);
                TryStart($"source '{source.Name}'", runner.Start, runner.Stop, runner.StopTimeout + runner.AbortGrace + SourceStopLimit, strict);
            }
            else
            {
                TryStart($"source '{source.Name}'", source.Start, source.Stop, SourceStopLimit, strict);
            }
        }
        if (_pending.Count > 0)
        {
            _retry = new Timer(_ => RetryPending(), null, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3));
        }
    }

    /// <summary>
    /// Stops sources, then sinks (their runners drain within the drain limit), then channels; each stop is bounded, so
    /// a peer that never answers cannot hold the agent. <paramref name="final"/> (shutdown, not reload) reports what each
    /// channel still holds and Flume's per-component "Shutdown Metric" line.
    /// </summary>
    public void Stop(bool final = true)
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }
            _stopped = true;
            _retry?.Dispose();
        }
        // Sources first, then the sink runners (which drain what the channels hold), each kind together.
        BoundedStop.RunAll(_stops.Where(s => !s.IsSink).Select(s => (s.What, s.Stop, s.Limit)).ToList());
        BoundedStop.RunAll(_stops.Where(s => s.IsSink).Select(s => (s.What, s.Stop, s.Limit)).ToList());
        // Last, channels with a lifecycle (checkpoint and close the file channel); Stop must not throw, started or not.
        BoundedStop.RunAll(Topology.Channels.Values.OfType<ILifecycleComponent>()
            .Select(c => ($"channel '{c.Name}'", (Action)c.Stop, ChannelStopLimit)).ToList());
        foreach (var channel in Topology.Channels.Values)
        {
            channel.Counter.Stop();
        }
        if (final)
        {
            ReportLeftovers();
            ReportShutdownMetrics();
        }
    }

    public void Dispose() => Stop();

    private void ReportLeftovers()
    {
        foreach (var (name, channel) in Topology.Channels)
        {
            var left = channel.Counter.ChannelSize;
            if (left <= 0)
            {
                continue;
            }
            var feeders = Topology.Sources.Where(s => Topology.SourceProcessors.TryGetValue(s.Name, out var p) && p.Selector.AllChannels.Contains(channel)).ToList();
            if (channel is IDurableChannel)
            {
                Log.Info("Channel '{Channel}' keeps {Count} undelivered events on disk; they are delivered after the next start", name, left);
            }
            else if (feeders.Count > 0 && feeders.TrueForAll(s => s is IReplayableSource))
            {
                Log.Warn("Channel '{Channel}' still held {Count} events its sinks could not deliver within the drain limit; they were not acknowledged upstream and will be read again at the next start ({Sources})",
                    name, left, string.Join(", ", feeders.Select(s => $"'{s.Name}'")));
            }
            else
            {
                Log.Error("Channel '{Channel}' still held {Count} events its sinks could not deliver within the drain limit; they are lost with this stop (a memory channel keeps nothing across a restart)",
                    name, left);
            }
        }
    }

    private void ReportShutdownMetrics()
    {
        foreach (var (key, attributes) in MetricsSnapshot.Collect(Topology))
        {
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            var values = string.Join(", ", attributes.Where(a => a.Name != "Type").Select(a => $"{a.Name} == {a.Value}"));
            Log.Info("Shutdown Metric for type: {Type}, name: {Name}. {Values}", key[..dot], key[(dot + 1)..], values);
        }
    }

    private void TryStart(string what, Action start, Action stop, TimeSpan stopLimit, bool strict)
    {
        try
        {
            start();
            _stops.Add((what, stop, stopLimit, what.StartsWith("sink", StringComparison.Ordinal)));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
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
                _stops.Add((what, stop, stopLimit, what.StartsWith("sink", StringComparison.Ordinal)));
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
                catch (Exception ex) when (ex is not OutOfMemoryException)
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
