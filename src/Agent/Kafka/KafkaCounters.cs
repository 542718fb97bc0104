using System.Diagnostics;
using FlumeNet.Agent.Monitoring;

namespace FlumeNet.Agent.Kafka;

/// <summary>
/// The counters Flume's KafkaSourceCounter, KafkaSinkCounter and KafkaChannelCounter add to the base ones (reference
/// flume-reference §7.3): the timers are milliseconds summed over calls, as Flume adds <c>nanos / 1e6</c> per call.
/// Each component shows only its own: <c>KafkaEventGetTimer</c>, <c>KafkaCommitTimer</c>, <c>KafkaEmptyCount</c> (source);
/// <c>KafkaEventSendTimer</c>, <c>RollbackCount</c> (sink); all but <c>KafkaEmptyCount</c> (channel).
/// </summary>
public sealed class KafkaCounters : IMeteredExtras
{
    private readonly string[] _shown;
    private long _eventGetTicks;
    private long _eventSendTicks;
    private long _commitTicks;
    private long _emptyCount;
    private long _rollbackCount;

    private KafkaCounters(params string[] shown) => _shown = shown;

    public static KafkaCounters ForSource() => new("KafkaCommitTimer", "KafkaEmptyCount", "KafkaEventGetTimer");

    public static KafkaCounters ForSink() => new("KafkaEventSendTimer", "RollbackCount");

    public static KafkaCounters ForChannel() => new("KafkaCommitTimer", "KafkaEventGetTimer", "KafkaEventSendTimer", "RollbackCount");

    public long KafkaEventGetTimer => Millis(Volatile.Read(ref _eventGetTicks));

    public long KafkaEventSendTimer => Millis(Volatile.Read(ref _eventSendTicks));

    public long KafkaCommitTimer => Millis(Volatile.Read(ref _commitTicks));

    public long KafkaEmptyCount => Volatile.Read(ref _emptyCount);

    public long RollbackCount => Volatile.Read(ref _rollbackCount);

    public IEnumerable<(string Name, long Value)> ExtraCounters => _shown.Select(n => (n, Value(n)));

    /// <summary>Adds the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void AddEventGetTime(long startTimestamp) => Interlocked.Add(ref _eventGetTicks, Stopwatch.GetTimestamp() - startTimestamp);

    public void AddEventSendTime(long startTimestamp) => Interlocked.Add(ref _eventSendTicks, Stopwatch.GetTimestamp() - startTimestamp);

    public void AddCommitTime(long startTimestamp) => Interlocked.Add(ref _commitTicks, Stopwatch.GetTimestamp() - startTimestamp);

    public void IncrementEmpty() => Interlocked.Increment(ref _emptyCount);

    public void IncrementRollback() => Interlocked.Increment(ref _rollbackCount);

    /// <summary>Flume resets counters at every component start.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _eventGetTicks, 0);
        Interlocked.Exchange(ref _eventSendTicks, 0);
        Interlocked.Exchange(ref _commitTicks, 0);
        Interlocked.Exchange(ref _emptyCount, 0);
        Interlocked.Exchange(ref _rollbackCount, 0);
    }

    private long Value(string name) => name switch
    {
        "KafkaEventGetTimer" => KafkaEventGetTimer,
        "KafkaEventSendTimer" => KafkaEventSendTimer,
        "KafkaCommitTimer" => KafkaCommitTimer,
        "KafkaEmptyCount" => KafkaEmptyCount,
        _ => RollbackCount,
    };

    private static long Millis(long ticks) => ticks * 1000 / Stopwatch.Frequency;
}
