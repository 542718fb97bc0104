using FlumeNet.Agent.Core;
using NLog;

namespace FlumeNet.Agent.Processors;

/// <summary>
/// Flume's failover processor (reference §6.6): the live sink with the highest priority takes every batch; a sink that
/// throws moves to a failed list for <c>min(maxpenalty, 1000·2^n)</c> ms; failed sinks whose penalty has passed are
/// retried first. When every sink has failed the batch stays in the channel.
/// </summary>
public sealed class FailoverSinkProcessor : ISinkProcessor
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly List<(ISink Sink, int Priority)> _live;
    private readonly List<FailedSink> _failed = [];
    private readonly long _maxPenaltyMs;
    private readonly Func<long> _clock;

    private sealed class FailedSink(ISink sink, int priority)
    {
        public ISink Sink { get; } = sink;

        public int Priority { get; } = priority;

        public int Failures { get; set; }

        public long RetryAt { get; set; }
    }

    /// <param name="sinks">Each sink with its priority (higher is preferred).</param>
    public FailoverSinkProcessor(string name, IReadOnlyList<(ISink Sink, int Priority)> sinks, long maxPenaltyMs, Func<long>? clock = null)
    {
        Name = name;
        _live = [.. sinks];
        _live.Sort((a, b) => b.Priority.CompareTo(a.Priority));
        _maxPenaltyMs = maxPenaltyMs;
        _clock = clock ?? (() => Environment.TickCount64);
        var all = new List<ISink>();
        foreach (var (s, _) in _live)
        {
            all.Add(s);
        }
        Sinks = all;
    }

    public string Name { get; }

    public IReadOnlyList<ISink> Sinks { get; }

    public ProcessStatus Process()
    {
        var now = _clock();
        for (var i = 0; i < _failed.Count; i++)
        {
            var f = _failed[i];
            if (f.RetryAt > now)
            {
                continue;
            }
            try
            {
                var status = f.Sink.Process();
                if (status == ProcessStatus.Ready)
                {
                    _failed.RemoveAt(i);
                    AddLive(f.Sink, f.Priority);
                    Log.Info("Sink '{Sink}' of group '{Group}' is back in service", f.Sink.Name, Name);
                    return status;
                }
                // BACKOFF: nothing to deliver; it stays failed without a new penalty.
                return status;
            }
            catch (EventDeliveryException ex)
            {
                Penalise(f, ex);
            }
        }
        while (_live.Count > 0)
        {
            var (sink, priority) = _live[0];
            try
            {
                return sink.Process();
            }
            catch (EventDeliveryException ex)
            {
                _live.RemoveAt(0);
                var f = new FailedSink(sink, priority);
                _failed.Add(f);
                Penalise(f, ex);
            }
        }
        throw new EventDeliveryException($"All sinks of group '{Name}' failed; the batch stays in the channel");
    }

    private void Penalise(FailedSink f, Exception ex)
    {
        f.Failures++;
        var penalty = Math.Min(_maxPenaltyMs, 1000L << Math.Min(f.Failures, 20));
        f.RetryAt = _clock() + penalty;
        Log.Warn("Sink '{Sink}' of group '{Group}' failed ({Reason}); retrying it in {Penalty} ms", f.Sink.Name, Name, ex.Message, penalty);
    }

    private void AddLive(ISink sink, int priority)
    {
        var at = _live.FindIndex(x => x.Priority < priority);
        _live.Insert(at < 0 ? _live.Count : at, (sink, priority));
    }
}
