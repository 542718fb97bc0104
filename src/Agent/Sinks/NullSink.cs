using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sinks;

/// <summary>Flume's <c>null</c> sink: takes batches of <c>batchSize</c> and discards them; logs a count every <c>logEveryNEvents</c>.</summary>
public sealed class NullSink : ISink, IMeteredSink
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly int _batchSize;
    private readonly long _logEvery;
    private readonly List<FlumeEvent> _batch = [];
    private long _total;

    public NullSink(string name, IChannel channel, int batchSize, long logEveryNEvents)
    {
        Name = name;
        Channel = channel;
        _batchSize = Math.Max(1, batchSize);
        _logEvery = logEveryNEvents > 0 ? logEveryNEvents : long.MaxValue;
        Counter = new SinkCounter(name);
    }

    public string Name { get; }

    public IChannel Channel { get; }

    public SinkCounter Counter { get; }

    public static NullSink Create(BoundOptions o, IChannel channel)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new NullSink(o.Name, channel, o.GetInt("batchSize", 100), o.GetLong("logEveryNEvents", 10000));
    }

    public void Start() => Counter.Start();

    public void Stop() => Counter.Stop();

    public ProcessStatus Process()
    {
        int taken;
        using (var tx = Channel.BeginTransaction())
        {
            taken = tx.TakeBatch(_batch, _batchSize);
            tx.Commit();
        }
        _batch.Clear();
        Counter.CountBatch(taken, _batchSize);
        Counter.AddDrainAttempts(taken);
        Counter.AddDrainSuccesses(taken);
        var before = _total;
        _total += taken;
        if (before / _logEvery != _total / _logEvery)
        {
            Log.Info("Null sink '{Sink}' has discarded {Count} events", Name, _total);
        }
        return taken == 0 ? ProcessStatus.Backoff : ProcessStatus.Ready;
    }
}
