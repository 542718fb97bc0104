using System.Globalization;
using System.Text;
using Confluent.Kafka;
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
/// channel, its offsets wait until that channel's sinks have taken and committed it (the channel's take count caught up
/// with its put count after this batch), so a crash never skips records that were only in memory; Flume commits right
/// after the put and loses them.
/// </summary>
internal sealed class KafkaSource : IPollableSource, IMeteredSource
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly KafkaSourceOptions _options;
    private readonly ChannelProcessor _processor;
    private readonly List<FlumeEvent> _batch = [];
    private readonly List<TopicPartitionOffset> _batchOrigins = [];
    private readonly List<FlumeEvent> _delivery = [];
    private readonly Dictionary<TopicPartition, long> _uncommitted = [];
    private readonly Queue<(long[] Marks, Dictionary<TopicPartition, long> Offsets)> _awaitingStore = new();
    private IReadOnlyList<IChannel>? _volatileChannels;
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
        var deadline = DateTime.UtcNow + _options.BatchDuration;
        try
        {
            while (_batch.Count < _options.BatchSize)
            {
                var remaining = deadline - DateTime.UtcNow;
                if (remaining <= TimeSpan.Zero)
                {
                    break;
                }
                var record = consumer.Consume(remaining);
                if (record is null)
                {
                    break;
                }
                if (record.IsPartitionEOF)
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
            Log.Warn("Source '{Source}': reading from Kafka failed: {Reason}", Name, ex.Error.Reason);
            Counter.IncrementGenericProcessingFail();
            return ProcessStatus.Backoff;
        }
        if (_batch.Count == 0)
        {
            CommitPending(consumer);
            return ProcessStatus.Backoff;
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
            return ProcessStatus.Backoff;
        }
        Counter.AddEventsAccepted(_batch.Count);
        Counter.IncrementAppendBatchAccepted();
        var offsets = new Dictionary<TopicPartition, long>();
        foreach (var origin in _batchOrigins)
        {
            offsets[origin.TopicPartition] = origin.Offset.Value + 1;
        }
        var channels = VolatileChannels();
        if (channels.Count == 0)
        {
            Merge(offsets);
        }
        else
        {
            var marks = new long[channels.Count];
            for (var i = 0; i < marks.Length; i++)
            {
                marks[i] = channels[i].Counter.EventPutSuccessCount;
            }
            _awaitingStore.Enqueue((marks, offsets));
        }
        _batch.Clear();
        _batchOrigins.Clear();
        CommitPending(consumer);
        return ProcessStatus.Ready;
    }

    /// <summary>The required channels that lose their events in a crash (memory); offsets wait for their sinks.</summary>
    private IReadOnlyList<IChannel> VolatileChannels() =>
        _volatileChannels ??= _processor.Selector.AllChannels.Where(c => c is Channels.MemoryChannel).ToList();

    private void Merge(Dictionary<TopicPartition, long> offsets)
    {
        foreach (var (tp, next) in offsets)
        {
            _uncommitted[tp] = next;
        }
    }

    /// <summary>Moves the offsets of batches the memory channels' sinks have taken and committed to the commit set.</summary>
    private void CollectStored()
    {
        var channels = VolatileChannels();
        while (_awaitingStore.TryPeek(out var head))
        {
            for (var i = 0; i < head.Marks.Length; i++)
            {
                if (channels[i].Counter.EventTakeSuccessCount < head.Marks[i])
                {
                    return;
                }
            }
            _awaitingStore.Dequeue();
            Merge(head.Offsets);
        }
    }

    private void CommitPending(IConsumer<byte[]?, byte[]> consumer)
    {
        CollectStored();
        if (_uncommitted.Count == 0)
        {
            return;
        }
        var offsets = _uncommitted.Select(kv => new TopicPartitionOffset(kv.Key, kv.Value)).ToList();
        try
        {
            consumer.Commit(offsets);
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
            try
            {
                consumer.Commit(delivered);
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
        Dictionary<string, string>? headers = null;
        byte[] body = value;
        if (_options.UseFlumeEventFormat)
        {
            try
            {
                (headers, body) = AvroFlumeEventCodec.Decode(value);
            }
            catch (FormatException ex)
            {
                Counter.IncrementEventReadFail();
                Log.Error("Source '{Source}' skips record {Topic}/{Partition}@{Offset}: not an AvroFlumeEvent ({Reason})", Name,
                    record.Topic, record.Partition.Value, record.Offset.Value, ex.Message);
                return null;
            }
        }
        var e = new FlumeEvent(body, headers);
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
