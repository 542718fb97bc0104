using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sinks;

/// <summary>
/// Flume's <c>logger</c> sink: one event per transaction, logged at INFO as
/// <c>Event: { headers:{k=v} body: 68 69 … hi }</c> with at most 16 body bytes (Flume never applies maxBytesToLog, S2).
/// </summary>
public sealed class LoggerSink : ISink, IMeteredSink
{
    public const int MaxBytesToLog = 16;
    private static readonly Logger Log = LogManager.GetLogger("org.apache.flume.sink.LoggerSink");

    public LoggerSink(string name, IChannel channel)
    {
        Name = name;
        Channel = channel;
        Counter = new SinkCounter(name);
    }

    public string Name { get; }

    public IChannel Channel { get; }

    public SinkCounter Counter { get; }

    public static LoggerSink Create(BoundOptions o, IChannel channel)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new LoggerSink(o.Name, channel);
    }

    public void Start() => Counter.Start();

    public void Stop() => Counter.Stop();

    public ProcessStatus Process()
    {
        using var tx = Channel.BeginTransaction();
        var e = tx.Take();
        if (e is not null)
        {
            Log.Info("Event: {Event}", Dump(e));
        }
        tx.Commit();
        var taken = e is null ? 0 : 1;
        Counter.CountBatch(taken, 1);
        Counter.AddDrainAttempts(taken);
        Counter.AddDrainSuccesses(taken);
        return e is null ? ProcessStatus.Backoff : ProcessStatus.Ready;
    }

    public static string Dump(FlumeEvent e) => EventDump.Format(e, MaxBytesToLog);
}
