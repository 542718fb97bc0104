using System.Globalization;
using System.Text;
using Confluent.Kafka;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Kafka;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sources.Kafka;

/// <summary>
/// Flume's <c>KafkaSource</c> (reference §8.1), a pollable source and one member of its consumer group: each
/// <see cref="Process"/> gathers up to <c>batchSize</c> records within <c>batchDurationMillis</c>, writes them to the
/// channels in one batch and only then commits <c>offset+1</c> per partition, so delivery is at-least-once. A batch
/// the channels refuse is kept and retried with the next call. When partitions are revoked (rebalance, stop), the
/// offsets of records already in the channels are committed and records not yet written are dropped: their offsets were
/// never committed, so the partition's next owner reads them again and nothing is lost. Where a batch went to a memory
/// channel, its offsets wait until that channel's sinks have taken and committed it (<see cref="SinkDeliveryMark"/>),
/// so a crash never skips records that were only in memory; Flume commits right after the put and loses them. Those
/// offsets are committed as soon as the mark passes (checked while consuming and while the channel is full), and a
/// revoke waits up to <see cref="RevokeDrainLimit"/> for the revoked partitions' batches to be stored before
/// committing them, so the next owner does not read again what this agent's sinks are still delivering.
/// </summary>
internal sealed class KafkaSource : IPollableSource, IMeteredSource, IMeteredExtras, IReplayableSource
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    /// <summary>How long a revoke (rebalance or stop) waits for the sinks to store the revoked partitions' batches.</summary>
    internal static readonly TimeSpan RevokeDrainLimit = TimeSpan.FromSeconds(5);

    /// <summary>The longest a consume waits before the stored marks are looked at again.</summary>
    private static readonly TimeSpan ConsumeSlice = TimeSpan.FromMilliseconds(20);

    /// <summary>How long a batch the channels refused waits for the sinks (committing what they stored) before backing off.</summary>
    private static readonly TimeSpan FullChannelWait = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MarkPoll = TimeSpan.FromMilliseconds(5);
    private readonly KafkaSourceOptions _options;
    private readonly ChannelProcessor _processor;
    private readonly List<FlumeEvent> _batch = [];
    private readonly List<TopicPartitionOffset> _batchOrigins = [];
    private readonly List<FlumeEvent> _delivery = [];
    private readonly Dictionary<TopicPartition, long> _uncommitted = [];
    private readonly Queue<(SinkDeliveryMark Mark, Dictionary<TopicPartition, long> Offsets)> _awaitingStore = new();
    private bool? _waitsForSinks;
    private IConsumer<byte[]?, byte[]>? _consumer;
    private string? _lastCommitFailure;

    public KafkaSource(string name, KafkaSourceOptions options, ChannelProcessor processor)
    {
        Name = name;
        _options = options;
        _processor = processor;
        Counter = new SourceCounter(name);
    }

    public string Name { get; }

    public SourceCounter Counter { get; }

    /// <summary>Flume's KafkaSourceCounter additions: KafkaEventGetTimer, KafkaCommitTimer, KafkaEmptyCount.</summary>
    public KafkaCounters Kafka { get; } = KafkaCounters.ForSource();

    public IEnumerable<(string Name, long Value)> ExtraCounters => Kafka.ExtraCounters;

    public TimeSpan BackoffSleepIncrement => _options.BackoffSleepIncrement;

    public TimeSpan MaxBackoffSleep => _options.MaxBackoffSleep;

    public void Start()
    {
        foreach (var w in _options.Warnings)
        {
            Log.Warn("Source '{Source}': {Warning}", Name, w);
        }
        IConsumer<byte[]?, byte[]> consumer;
        try
        {
            consumer = KafkaClientFactory.Consumer(Name, _options.Consumer, w => Log.Warn("Source '{Source}': {Warning}", Name, w), b => b
                .SetPartitionsAssignedHandler((_, parts) => Log.Info("Source '{Source}' was assigned {Partitions}", Name, Describe(parts)))
                .SetPartitionsRevokedHandler((c, parts) => OnRevoked(c, parts, commit: true))
                .SetPartitionsLostHandler((c, parts) => OnRevoked(c, parts, commit: false)));
        }
        catch (ArgumentException ex)
        {
            throw new PermanentStartException($"Kafka source '{Name}': {ex.Message}", ex);
        }
        if (_options.TopicPattern is { } pattern)
        {
            consumer.Subscribe(pattern);
        }
        else
        {
            consumer.Subscribe(_options.Topics);
        }
        _consumer = consumer;
        Counter.Start();
        Kafka.Reset();
        Log.Info("Source '{Source}' reads {Topics} on {Brokers} in group '{Group}'", Name,
            _options.TopicPattern ?? string.Join(",", _options.Topics), _options.Consumer["bootstrap.servers"], _options.GroupId);
    }

    public void Stop()
    {
        var consumer = Interlocked.Exchange(ref _consumer, null);
        if (consumer is null)
        {
            return;
        }
        try
        {
            CommitPending(consumer);
            // Close runs the revoke handler: delivered offsets are committed, the unwritten batch is dropped (re-read later).
            consumer.Close();
        }
        catch (KafkaException ex)
        {
            Log.Warn("Source '{Source}': closing the consumer failed: {Reason}", Name, ex.Message);
        }
        consumer.Dispose();
        _batch.Clear();
        _batchOrigins.Clear();
        Counter.Stop();
        Log.Info("Source '{Source}' stopped", Name);
    }

    public ProcessStatus Process()
    {
        var consumer = _consumer ?? throw new InvalidOperationException($"source '{Name}' is not started");
        CommitPending(consumer);
        var deadline = DateTime.UtcNow + _options.BatchDuration;
        var getStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            while (_batch.Count < _options.BatchSize)
            {
                var remaining = deadline - DateTime.UtcNow;
                if (remaining <= TimeSpan.Zero)
                {
                    break;
                }
                var record = consumer.Consume(remaining < ConsumeSlice ? remaining : ConsumeSlice);
                if (record is null || (_batch.Count & 127) == 0)
                {
                    // The sinks may have stored an earlier batch meanwhile: commit it now, not after this batch.
                    CommitStored(consumer);
                }
                if (record is null || record.IsPartitionEOF)
                {
                    continue;
                }
                if (ToEvent(record) is { } e)
                {
                    _batch.Add(e);
                    _batchOrigins.Add(record.TopicPartitionOffset);
                    Counter.AddEventsReceived(1);
                }
                else
                {
                    // Unreadable with useFlumeEventFormat: skipped (as Flume effectively does), its offset still moves on.
                    _uncommitted[record.TopicPartition] = record.Offset.Value + 1;
                }
            }
        }
        catch (ConsumeException ex)
        {
            Kafka.AddEventGetTime(getStarted);
            Log.Warn("Source '{Source}': reading from Kafka failed: {Reason}", Name, ex.Error.Reason);
            Counter.IncrementGenericProcessingFail();
            return ProcessStatus.Backoff;
        }
        Kafka.AddEventGetTime(getStarted);
        if (_batch.Count == 0)
        {
            Kafka.IncrementEmpty();
            CommitPending(consumer);
            // No records, but batches in a memory channel: keep committing them as they are stored instead of sleeping.
            return AwaitStored(consumer, _options.BackoffSleepIncrement) ? ProcessStatus.Ready : ProcessStatus.Backoff;
        }
        Counter.IncrementAppendBatchReceived();
        _delivery.Clear();
        _delivery.AddRange(_batch);
        try
        {
            _processor.ProcessBatch(_delivery);
        }
        catch (ChannelException ex)
        {
            Counter.IncrementChannelWriteFail();
            Log.Debug("Source '{Source}': the channels refused {Count} events, retrying: {Reason}", Name, _batch.Count, ex.Message);
            // A full memory channel frees room as its sinks store batches: commit those at once and retry without backoff.
            return AwaitStored(consumer, FullChannelWait) ? ProcessStatus.Ready : ProcessStatus.Backoff;
        }
        Counter.AddEventsAccepted(_batch.Count);
        Counter.IncrementAppendBatchAccepted();
        var offsets = new Dictionary<TopicPartition, long>();
        foreach (var origin in _batchOrigins)
        {
            offsets[origin.TopicPartition] = origin.Offset.Value + 1;
        }
        if (WaitsForSinks())
        {
            _awaitingStore.Enqueue((SinkDeliveryMark.After(_processor, _delivery), offsets));
        }
        else
        {
            Merge(offsets);
        }
        _batch.Clear();
        _batchOrigins.Clear();
        CommitPending(consumer);
        return ProcessStatus.Ready;
    }

    /// <summary>True when a channel of this source loses its events in a crash (memory): offsets then wait for its sinks.</summary>
    private bool WaitsForSinks() =>
        _waitsForSinks ??= _processor.Selector.AllChannels.Any(c => c is Channels.MemoryChannel);

    private void Merge(Dictionary<TopicPartition, long> offsets)
    {
        foreach (var (tp, next) in offsets)
        {
            _uncommitted[tp] = next;
        }
    }

    /// <summary>Moves the offsets of batches the sinks have stored to the commit set; true when there were any.</summary>
    private bool CollectStored()
    {
        var any = false;
        while (_awaitingStore.TryPeek(out var head) && head.Mark.Passed)
        {
            _awaitingStore.Dequeue();
            Merge(head.Offsets);
            any = true;
        }
        return any;
    }

    /// <summary>Commits at once when the sinks stored another batch (a few counter reads otherwise).</summary>
    private void CommitStored(IConsumer<byte[]?, byte[]> consumer)
    {
        if (CollectStored())
        {
            CommitPending(consumer);
        }
    }

    /// <summary>Waits up to <paramref name="limit"/> for the sinks to store a waiting batch, committing it; true if one was.</summary>
    private bool AwaitStored(IConsumer<byte[]?, byte[]> consumer, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (_awaitingStore.Count > 0)
        {
            if (CollectStored())
            {
                CommitPending(consumer);
                return true;
            }
            if (DateTime.UtcNow >= deadline || _consumer is null)
            {
                return false;
            }
            Thread.Sleep(MarkPoll);
        }
        return false;
    }

    private void CommitPending(IConsumer<byte[]?, byte[]> consumer)
    {
        CollectStored();
        if (_uncommitted.Count == 0)
        {
            return;
        }
        var offsets = _uncommitted.Select(kv => new TopicPartitionOffset(kv.Key, kv.Value)).ToList();
        var commitStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            consumer.Commit(offsets);
            Kafka.AddCommitTime(commitStarted);
            _uncommitted.Clear();
            if (_lastCommitFailure is not null)
            {
                Log.Info("Source '{Source}' commits offsets again", Name);
                _lastCommitFailure = null;
            }
        }
        catch (KafkaException ex)
        {
            // The events are in the channels already; the offsets stay pending for the next commit (duplicates after a crash).
            if (ex.Error.Reason != _lastCommitFailure)
            {
                Log.Warn("Source '{Source}': committing offsets failed, retried with the next batch: {Reason}", Name, ex.Error.Reason);
                _lastCommitFailure = ex.Error.Reason;
            }
        }
    }

    private void OnRevoked(IConsumer<byte[]?, byte[]> consumer, List<TopicPartitionOffset> revoked, bool commit)
    {
        var gone = revoked.Select(p => p.TopicPartition).ToHashSet();
        if (commit)
        {
            // The batches of these partitions still in a memory channel: let the sinks store them (bounded) so their
            // offsets can be committed; otherwise the next owner reads them again while this agent delivers them.
            var deadline = DateTime.UtcNow + RevokeDrainLimit;
            while (true)
            {
                CollectStored();
                if (!_awaitingStore.Any(w => w.Offsets.Keys.Any(gone.Contains)) || DateTime.UtcNow >= deadline)
                {
                    break;
                }
                Thread.Sleep(MarkPoll);
            }
        }
        CollectStored();
        foreach (var (_, waiting) in _awaitingStore)
        {
            // Not yet stored downstream: not committed; the next owner reads those records again (duplicates, no loss).
            foreach (var tp in gone)
            {
                waiting.Remove(tp);
            }
        }
        var dropped = 0;
        for (var i = _batch.Count - 1; i >= 0; i--)
        {
            if (gone.Contains(_batchOrigins[i].TopicPartition))
            {
                _batch.RemoveAt(i);
                _batchOrigins.RemoveAt(i);
                dropped++;
            }
        }
        var delivered = _uncommitted.Where(kv => gone.Contains(kv.Key)).Select(kv => new TopicPartitionOffset(kv.Key, kv.Value)).ToList();
        foreach (var tp in gone)
        {
            _uncommitted.Remove(tp);
        }
        if (commit && delivered.Count > 0)
        {
            var commitStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                consumer.Commit(delivered);
                Kafka.AddCommitTime(commitStarted);
            }
            catch (KafkaException ex)
            {
                Log.Warn("Source '{Source}': committing offsets of revoked partitions failed; their next owner re-reads those records: {Reason}", Name, ex.Error.Reason);
            }
        }
        Log.Info("Source '{Source}' gave up {Partitions} ({Dropped} records not yet in the channels will be read again)", Name, Describe(revoked), dropped);
    }

    private FlumeEvent? ToEvent(ConsumeResult<byte[]?, byte[]> record)
    {
        var value = record.Message.Value ?? [];
        FlumeEvent e;
        if (!_options.UseFlumeEventFormat)
        {
            e = new FlumeEvent(value);
        }
        else
        {
            try
            {
                e = AvroFlumeEventCodec.Decode(value);
            }
            catch (AvroRpcProtocolException ex)
            {
                Counter.IncrementEventReadFail();
                Log.Error("Source '{Source}' skips record {Topic}/{Partition}@{Offset}: not an AvroFlumeEvent ({Reason})", Name,
                    record.Topic, record.Partition.Value, record.Offset.Value, ex.Message);
                return null;
            }
        }
        var h = e.Headers;
        if (record.Message.Timestamp.Type != TimestampType.NotAvailable)
        {
            h.TryAdd("timestamp", record.Message.Timestamp.UnixTimestampMs.ToString(CultureInfo.InvariantCulture));
        }
        if (_options.SetTopicHeader)
        {
            h.TryAdd(_options.TopicHeader, record.Topic);
        }
        h.TryAdd("partition", record.Partition.Value.ToString(CultureInfo.InvariantCulture));
        h.TryAdd("offset", record.Offset.Value.ToString(CultureInfo.InvariantCulture));
        if (record.Message.Key is { } key)
        {
            h["key"] = Encoding.UTF8.GetString(key);
        }
        if (_options.HeaderMap.Count > 0 && record.Message.Headers is { } kafkaHeaders)
        {
            foreach (var (flume, kafka) in _options.HeaderMap)
            {
                if (kafkaHeaders.TryGetLastBytes(kafka, out var bytes))
                {
                    h[flume] = Encoding.UTF8.GetString(bytes);
                }
            }
        }
        return e;
    }

    private static string Describe(List<TopicPartition> parts) => string.Join(",", parts.Select(p => $"{p.Topic}/{p.Partition.Value}"));

    private static string Describe(List<TopicPartitionOffset> parts) => string.Join(",", parts.Select(p => $"{p.Topic}/{p.Partition.Value}"));
}
