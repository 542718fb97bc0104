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
/// offsets of records already stored are committed and records not yet written are dropped: their offsets were never
/// committed, so the partition's next owner reads them again and nothing is lost.
/// <para>
/// Where a batch goes to a memory channel, its offsets wait until that channel's sinks have taken and committed its
/// events (<see cref="KafkaDeliveryLedger"/>, event-precise), so a crash never skips records that were only in memory;
/// Flume commits right after the put and loses them. What a kill -9 then duplicates is exactly what this agent put
/// into the channel and had not committed to Kafka yet: records in the channel, in the sink's open batch (perhaps
/// already written), and stored records whose commit was still on its way. The source bounds that by design: it keeps
/// at most <see cref="Window"/> such records (the larger of <c>batchSize</c> and the channels' transactionCapacity,
/// one batch), putting only as much of a batch as fits and the rest once the sinks have stored and the broker has
/// acknowledged the commit (commits are synchronous). The window is never smaller than a sink's largest take, so a
/// sink waiting for more events always gets them (no keep-alive stall). The same bound keeps revokes short: a revoke
/// waits (up to <see cref="RevokeDrainLimit"/>) for at most one window of the revoked partitions' records to be stored
/// and commits them before giving the partitions up, so their next owner, this agent included after an eager
/// rebalance, does not read again what its sinks are delivering.
/// </para>
/// </summary>
internal sealed class KafkaSource : IPollableSource, IMeteredSource, IMeteredExtras, IReplayableSource
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    /// <summary>How long a revoke (rebalance or stop) waits for the sinks to store the revoked partitions' batches.</summary>
    internal static readonly TimeSpan RevokeDrainLimit = TimeSpan.FromSeconds(5);

    /// <summary>The longest a consume waits before the stored marks are looked at again.</summary>
    private static readonly TimeSpan ConsumeSlice = TimeSpan.FromMilliseconds(20);

    /// <summary>How long a batch waits for room (the channels, the window) before the source consumes again.</summary>
    private static readonly TimeSpan FullChannelWait = TimeSpan.FromSeconds(1);

    /// <summary>How often a waiting source looks at the sinks' progress: the sink idles at most this long per window.</summary>
    private static readonly TimeSpan MarkPoll = TimeSpan.FromMilliseconds(1);
    private readonly KafkaSourceOptions _options;
    private readonly ChannelProcessor _processor;
    private readonly List<FlumeEvent> _batch = [];
    private readonly List<TopicPartitionOffset> _batchOrigins = [];
    private readonly List<TopicPartitionOffset> _batchSkips = [];
    private readonly List<FlumeEvent> _delivery = [];
    private readonly Dictionary<TopicPartition, long> _uncommitted = [];
    private readonly Dictionary<TopicPartition, int> _uncommittedEvents = [];
    private readonly KafkaDeliveryLedger _ledger = new();
    private readonly Action<TopicPartition, long> _onStored;
    private bool? _waitsForSinks;
    private int _window;
    private int _uncommittedTotal;
    private IConsumer<byte[]?, byte[]>? _consumer;
    private string? _lastCommitFailure;

    public KafkaSource(string name, KafkaSourceOptions options, ChannelProcessor processor)
    {
        Name = name;
        _options = options;
        _processor = processor;
        _onStored = (tp, next) => AddUncommitted(tp, next, 1);
        Counter = new SourceCounter(name);
    }

    public string Name { get; }

    public SourceCounter Counter { get; }

    /// <summary>Flume's KafkaSourceCounter additions: KafkaEventGetTimer, KafkaCommitTimer, KafkaEmptyCount.</summary>
    public KafkaCounters Kafka { get; } = KafkaCounters.ForSource();

    public IEnumerable<(string Name, long Value)> ExtraCounters => Kafka.ExtraCounters;

    public TimeSpan BackoffSleepIncrement => _options.BackoffSleepIncrement;

    public TimeSpan MaxBackoffSleep => _options.MaxBackoffSleep;

    /// <summary>
    /// Most records in a memory channel, in its sink's open batch or stored but not yet committed to Kafka: what a
    /// crash of this agent can duplicate. The larger of batchSize and the channels' transactionCapacity, so that it
    /// holds a whole source batch and a sink's largest take.
    /// </summary>
    internal int Window
    {
        get
        {
            if (_window == 0)
            {
                var max = _options.BatchSize;
                foreach (var c in _processor.Selector.AllChannels)
                {
                    if (c.TransactionCapacity != int.MaxValue)
                    {
                        max = Math.Max(max, c.TransactionCapacity);
                    }
                }
                _window = max;
            }
            return _window;
        }
    }

    /// <summary>Records this source put and has not committed to Kafka (the part of the window in use).</summary>
    internal int InFlight => _ledger.Undelivered + _uncommittedTotal;

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
            // Close runs the revoke handler: stored offsets are committed, the unwritten batch is dropped (re-read later).
            consumer.Close();
        }
        catch (KafkaException ex)
        {
            Log.Warn("Source '{Source}': closing the consumer failed: {Reason}", Name, ex.Message);
        }
        consumer.Dispose();
        _batch.Clear();
        _batchOrigins.Clear();
        _batchSkips.Clear();
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
                    // Unreadable with useFlumeEventFormat: skipped (as Flume effectively does); its offset moves on
                    // once the records read before it are stored.
                    _batchSkips.Add(record.TopicPartitionOffset);
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
            FlushSkips();
            CommitPending(consumer);
            // No records, but batches in a memory channel: keep committing them as they are stored instead of sleeping.
            return AwaitStored(consumer, _options.BackoffSleepIncrement) ? ProcessStatus.Ready : ProcessStatus.Backoff;
        }
        var count = _batch.Count;
        if (WaitsForSinks())
        {
            // Only as much as the window has room for: a crash duplicates at most one window (see the class comment).
            var room = Window - InFlight;
            if (room <= 0 && AwaitRoom(consumer))
            {
                room = Window - InFlight;
            }
            if (room <= 0)
            {
                return ProcessStatus.Ready;
            }
            count = Math.Min(count, room);
        }
        Counter.IncrementAppendBatchReceived();
        _delivery.Clear();
        _delivery.AddRange(count == _batch.Count ? _batch : _batch.GetRange(0, count));
        try
        {
            _processor.ProcessBatch(_delivery);
        }
        catch (ChannelException ex)
        {
            Counter.IncrementChannelWriteFail();
            Log.Debug("Source '{Source}': the channels refused {Count} events, retrying: {Reason}", Name, count, ex.Message);
            // A full memory channel frees room as its sinks store batches: commit those at once and retry without backoff.
            return AwaitStored(consumer, FullChannelWait) ? ProcessStatus.Ready : ProcessStatus.Backoff;
        }
        Counter.AddEventsAccepted(count);
        Counter.IncrementAppendBatchAccepted();
        var last = count == _batch.Count;
        if (WaitsForSinks())
        {
            _ledger.Add(_processor, _delivery, _batchOrigins, count, last ? _batchSkips : []);
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                AddUncommitted(_batchOrigins[i].TopicPartition, _batchOrigins[i].Offset.Value + 1, 1);
            }
            if (last)
            {
                foreach (var skip in _batchSkips)
                {
                    AddUncommitted(skip.TopicPartition, skip.Offset.Value + 1, 0);
                }
            }
        }
        if (last)
        {
            _batch.Clear();
            _batchOrigins.Clear();
            _batchSkips.Clear();
        }
        else
        {
            _batch.RemoveRange(0, count);
            _batchOrigins.RemoveRange(0, count);
        }
        CommitPending(consumer);
        return ProcessStatus.Ready;
    }

    /// <summary>True when a channel of this source loses its events in a crash (memory): offsets then wait for its sinks.</summary>
    private bool WaitsForSinks() =>
        _waitsForSinks ??= _processor.Selector.AllChannels.Any(c => c is Channels.MemoryChannel);

    /// <summary>Skipped records with no record to put after them: their offsets move on behind the batches in the channels.</summary>
    private void FlushSkips()
    {
        if (_batchSkips.Count == 0)
        {
            return;
        }
        if (WaitsForSinks())
        {
            _ledger.Add(_processor, [], [], 0, _batchSkips);
        }
        else
        {
            foreach (var skip in _batchSkips)
            {
                AddUncommitted(skip.TopicPartition, skip.Offset.Value + 1, 0);
            }
        }
        _batchSkips.Clear();
    }

    private void AddUncommitted(TopicPartition tp, long next, int events)
    {
        if (!_uncommitted.TryGetValue(tp, out var known) || next > known)
        {
            _uncommitted[tp] = next;
        }
        if (events > 0)
        {
            _uncommittedEvents[tp] = _uncommittedEvents.GetValueOrDefault(tp) + events;
            _uncommittedTotal += events;
        }
    }

    /// <summary>Forgets the uncommitted offsets of <paramref name="tp"/> (committed or given up), returning the next offset if any.</summary>
    private long? TakeUncommitted(TopicPartition tp)
    {
        if (_uncommittedEvents.Remove(tp, out var events))
        {
            _uncommittedTotal -= events;
        }
        return _uncommitted.Remove(tp, out var next) ? next : null;
    }

    /// <summary>Commits at once when the sinks stored more records (a few counter reads otherwise).</summary>
    private void CommitStored(IConsumer<byte[]?, byte[]> consumer)
    {
        if (_ledger.Collect(_onStored))
        {
            CommitPending(consumer);
        }
    }

    /// <summary>Waits up to <paramref name="limit"/> for the sinks to store more records, committing them; true if they did.</summary>
    private bool AwaitStored(IConsumer<byte[]?, byte[]> consumer, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!_ledger.IsEmpty)
        {
            if (_ledger.Collect(_onStored))
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

    /// <summary>Waits (bounded) until the window has room again: the sinks stored records and their commit went through.</summary>
    private bool AwaitRoom(IConsumer<byte[]?, byte[]> consumer)
    {
        var deadline = DateTime.UtcNow + FullChannelWait;
        while (true)
        {
            _ledger.Collect(_onStored);
            if (_uncommittedTotal > 0)
            {
                CommitPending(consumer);
            }
            if (InFlight < Window)
            {
                return true;
            }
            if (DateTime.UtcNow >= deadline || _consumer is null)
            {
                return false;
            }
            Thread.Sleep(MarkPoll);
        }
    }

    private void CommitPending(IConsumer<byte[]?, byte[]> consumer)
    {
        _ledger.Collect(_onStored);
        if (_uncommitted.Count == 0)
        {
            return;
        }
        var offsets = _uncommitted.Select(kv => new TopicPartitionOffset(kv.Key, kv.Value)).ToList();
        var commitStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            // Synchronous: the records count in the window until the broker has the offsets.
            consumer.Commit(offsets);
            Kafka.AddCommitTime(commitStarted);
            _uncommitted.Clear();
            _uncommittedEvents.Clear();
            _uncommittedTotal = 0;
            if (_lastCommitFailure is not null)
            {
                Log.Info("Source '{Source}' commits offsets again", Name);
                _lastCommitFailure = null;
            }
        }
        catch (KafkaException ex)
        {
            // The events are stored already; the offsets stay pending for the next commit (and keep the window full, so
            // no more than one window is read again after a crash).
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
            // The records of these partitions still in a memory channel (one window at most): let the sinks store them
            // (bounded) so their offsets can be committed; otherwise the next owner reads them again while this agent
            // delivers them.
            var deadline = DateTime.UtcNow + RevokeDrainLimit;
            while (true)
            {
                _ledger.Collect(_onStored);
                if (!_ledger.Waits(gone) || DateTime.UtcNow >= deadline)
                {
                    break;
                }
                Thread.Sleep(MarkPoll);
            }
        }
        _ledger.Collect(_onStored);
        // Not yet stored downstream: not committed; the next owner reads those records again (duplicates, no loss).
        _ledger.Revoke(gone);
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
        _batchSkips.RemoveAll(s => gone.Contains(s.TopicPartition));
        var delivered = new List<TopicPartitionOffset>();
        foreach (var tp in gone)
        {
            if (TakeUncommitted(tp) is { } next)
            {
                delivered.Add(new TopicPartitionOffset(tp, next));
            }
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
