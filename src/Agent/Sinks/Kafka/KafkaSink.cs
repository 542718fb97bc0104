using System.Globalization;
using System.Text;
using Confluent.Kafka;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Kafka;
using FlumeNet.Agent.Monitoring;
using FlumeNet.Agent.Sinks.Hdfs;
using NLog;

namespace FlumeNet.Agent.Sinks.Kafka;

/// <summary>
/// Flume's <c>KafkaSink</c> (reference §8.2): takes up to <c>flumeBatchSize</c> events in one transaction, produces them
/// all (key = header <c>key</c>, topic from the topic header or <c>kafka.topic</c>, partition from the partition header
/// or <c>defaultPartitionId</c>), and commits the take only once every record is acknowledged. Up to
/// <see cref="MaxInFlight"/> batches await their acknowledgements at once (each its own take transaction, committed in
/// order), because one batch at a time leaves the producer idle for a round trip per batch; a short batch waits for
/// all. Any failure rolls back every batch in flight, so records already acknowledged are sent again (at-least-once).
/// </summary>
internal sealed class KafkaSink : ISink, IMeteredSink, IMeteredExtras, IInterruptible
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly TimeSpan FlushSlice = TimeSpan.FromMilliseconds(100);

    /// <summary>How long Stop waits for the acknowledgements of batches still in flight (within the runner's grace).</summary>
    private static readonly TimeSpan StopFlush = TimeSpan.FromSeconds(1);

    /// <summary>Batches whose acknowledgements are awaited at once (each commits its take only when all its records are).</summary>
    internal const int MaxInFlight = 4;
    private readonly KafkaSinkOptions _options;
    private readonly BucketPath? _topicTemplate;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Queue<BatchState> _inFlight = new();
    private readonly int _maxInFlight;
    private IProducer<byte[]?, byte[]>? _producer;
    private string? _lastFailure;
    private TopicPartition? _lastTarget;

    public KafkaSink(string name, IChannel channel, KafkaSinkOptions options)
    {
        Name = name;
        Channel = channel;
        _options = options;
        Counter = new SinkCounter(name);
        // The Kafka channel keeps its take state per thread, so its transactions are not overlapped.
        _maxInFlight = channel is Channels.Kafka.KafkaChannel ? 1 : MaxInFlight;
        if (options.AllowTopicOverride)
        {
            var template = BucketPath.Compile(options.Topic);
            _topicTemplate = template.IsStatic ? null : template;
        }
    }

    public string Name { get; }

    public IChannel Channel { get; }

    public SinkCounter Counter { get; }

    /// <summary>Flume's KafkaSinkCounter additions: KafkaEventSendTimer, RollbackCount.</summary>
    public KafkaCounters Kafka { get; } = KafkaCounters.ForSink();

    public IEnumerable<(string Name, long Value)> ExtraCounters => Kafka.ExtraCounters;

    public void Start()
    {
        foreach (var w in _options.Warnings)
        {
            Log.Warn("Sink '{Sink}': {Warning}", Name, w);
        }
        try
        {
            _producer = KafkaClientFactory.Producer(Name, _options.Producer, w => Log.Warn("Sink '{Sink}': {Warning}", Name, w));
        }
        catch (ArgumentException ex)
        {
            throw new PermanentStartException($"Kafka sink '{Name}': {ex.Message}", ex);
        }
        Counter.Start();
        Kafka.Reset();
        Counter.IncrementConnectionCreated();
        Log.Info("Sink '{Sink}' produces to topic '{Topic}' on {Brokers}", Name, _options.Topic, _options.Producer["bootstrap.servers"]);
    }

    /// <summary>At the drain limit: the Process in progress stops waiting and rolls its batches back on its own thread.</summary>
    public void Interrupt() => _stopping.Cancel();

    public void Stop()
    {
        var interrupted = _stopping.IsCancellationRequested;
        _stopping.Cancel();
        var producer = Interlocked.Exchange(ref _producer, null);
        if (producer is null)
        {
            return;
        }
        if (_inFlight.Count > 0)
        {
            // Left when the drain limit ended the runner's loop between batches: batches already acknowledged are
            // committed (rolling them back would send them again after a restart); the rest goes back to the channel.
            if (!interrupted)
            {
                producer.Flush(StopFlush);
            }
            CommitAcknowledgedForStop();
            RollBackAll();
        }
        producer.Dispose();
        Counter.IncrementConnectionClosed();
        Counter.Stop();
        Log.Info("Sink '{Sink}' stopped", Name);
    }

    public ProcessStatus Process()
    {
        var producer = _producer ?? throw new InvalidOperationException($"sink '{Name}' is not started");
        var tx = Channel.BeginTransaction();
        var taken = 0;
        // One state per batch: a late acknowledgement of a rolled-back batch cannot count for the next one.
        var batch = new BatchState(tx, System.Diagnostics.Stopwatch.GetTimestamp());
        var settled = false;
        try
        {
            while (taken < _options.BatchSize && tx.Take() is { } e)
            {
                taken++;
                Send(producer, e, batch);
            }
            Counter.CountBatch(taken, _options.BatchSize);
            if (taken == 0)
            {
                tx.Commit();
                tx.Dispose();
                if (_inFlight.Count == 0)
                {
                    settled = true;
                    return ProcessStatus.Backoff;
                }
                CompleteAll();
                settled = true;
                return ProcessStatus.Ready;
            }
            Counter.AddDrainAttempts(taken);
            batch.Count = taken;
            batch.Seal();
            _inFlight.Enqueue(batch);
            // Up to MaxInFlight batches are acknowledged concurrently; a short batch (the channel ran dry) waits for all,
            // so a trickle of events is never held back.
            if (taken < _options.BatchSize || _inFlight.Count >= _maxInFlight)
            {
                if (taken < _options.BatchSize)
                {
                    CompleteAll();
                }
                else
                {
                    CompleteOldest();
                }
            }
            else
            {
                CompleteAcknowledged();
            }
            if (_lastFailure is not null && _inFlight.Count == 0)
            {
                Log.Info("Sink '{Sink}' delivers again", Name);
                _lastFailure = null;
            }
            settled = true;
            return ProcessStatus.Ready;
        }
        catch (Exception ex) when (ex is KafkaException or OperationCanceledException or FormatException or BucketPathException)
        {
            settled = true;
            var events = RollBackAll(batch, taken);
            Counter.IncrementConnectionFailed();
            if (ex.Message != _lastFailure)
            {
                Log.Warn("Sink '{Sink}' rolls back {Count} events and retries: {Reason}", Name, events, ex.Message);
                _lastFailure = ex.Message;
            }
            throw new EventDeliveryException($"sink '{Name}' could not publish {events} events: {ex.Message}", ex);
        }
        finally
        {
            if (!settled)
            {
                // An unexpected failure: nothing taken may stay outside the channel.
                RollBackAll(batch, taken);
            }
        }
    }

    private void CommitAcknowledgedForStop()
    {
        try
        {
            CompleteAcknowledged();
        }
        catch (Exception ex) when (ex is KafkaException or ChannelException)
        {
            Log.Warn("Sink '{Sink}' stops with batches not delivered; they stay in the channel: {Reason}", Name, ex.Message);
        }
    }

    /// <summary>Commits the batches at the head whose records are all acknowledged, without waiting.</summary>
    private void CompleteAcknowledged()
    {
        while (_inFlight.TryPeek(out var head) && head.Delivered)
        {
            Complete(head);
            _inFlight.Dequeue();
        }
    }

    private void CompleteOldest()
    {
        var head = _inFlight.Peek();
        AwaitAcknowledgements(head);
        Complete(head);
        _inFlight.Dequeue();
        CompleteAcknowledged();
    }

    private void CompleteAll()
    {
        while (_inFlight.Count > 0)
        {
            CompleteOldest();
        }
    }

    /// <summary>
    /// Commits the head batch's take, or throws its first delivery error. The caller dequeues it only after this
    /// returned, so a batch whose delivery or take commit failed is still in flight for RollBackAll.
    /// </summary>
    private void Complete(BatchState batch)
    {
        if (batch.FirstError is { } error)
        {
            throw new KafkaException(error);
        }
        batch.Transaction.Commit();
        batch.Transaction.Dispose();
        Kafka.AddEventSendTime(batch.Started);
        Counter.AddDrainSuccesses(batch.Count);
    }

    /// <summary>Rolls back every batch in flight and <paramref name="current"/>, newest first, so the channel gets them back in order.</summary>
    private int RollBackAll(BatchState? current = null, int taken = 0)
    {
        if (current is not null && !_inFlight.Contains(current))
        {
            if (taken > 0)
            {
                current.Count = taken;
                _inFlight.Enqueue(current);
            }
            else
            {
                // Nothing taken (or already committed): ends the transaction, a no-op once committed.
                current.Transaction.Dispose();
            }
        }
        var batches = _inFlight.ToArray();
        _inFlight.Clear();
        var events = 0;
        for (var i = batches.Length - 1; i >= 0; i--)
        {
            batches[i].Transaction.Rollback();
            batches[i].Transaction.Dispose();
            Kafka.IncrementRollback();
            events += batches[i].Count;
        }
        return events;
    }

    private void Send(IProducer<byte[]?, byte[]> producer, FlumeEvent e, BatchState batch)
    {
        var message = new Message<byte[]?, byte[]>
        {
            Key = e.Header("key") is { } key ? Encoding.UTF8.GetBytes(key) : null,
            Value = _options.UseFlumeEventFormat ? AvroFlumeEventCodec.Encode(e) : e.Body,
        };
        if (_options.TimestampHeader is { } tsHeader && e.Header(tsHeader) is { } tsText)
        {
            if (long.TryParse(tsText.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ts))
            {
                message.Timestamp = new Timestamp(ts, TimestampType.CreateTime);
            }
            else
            {
                Log.Warn("Sink '{Sink}': header '{Header}' value '{Value}' is not epoch milliseconds; the producer's time is used", Name, tsHeader, tsText);
            }
        }
        if (_options.HeaderMap.Count > 0)
        {
            var headers = new Headers();
            foreach (var (flume, kafka) in _options.HeaderMap)
            {
                if (e.Header(flume) is { } v)
                {
                    headers.Add(kafka, Encoding.UTF8.GetBytes(v));
                }
            }
            message.Headers = headers;
        }
        var target = Target(e);
        Interlocked.Increment(ref batch.Outstanding);
        while (true)
        {
            try
            {
                producer.Produce(target, message, batch.OnDelivery);
                return;
            }
            catch (ProduceException<byte[]?, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                _stopping.Token.ThrowIfCancellationRequested();
                producer.Flush(FlushSlice);
            }
            catch
            {
                Interlocked.Decrement(ref batch.Outstanding);
                throw;
            }
        }
    }

    /// <summary>The record's topic and partition; one instance for the usual fixed topic (no allocation per event).</summary>
    private TopicPartition Target(FlumeEvent e)
    {
        var topic = TopicOf(e);
        var partition = PartitionOf(e);
        var last = _lastTarget;
        if (last is not null && ReferenceEquals(last.Topic, topic) && last.Partition == partition)
        {
            return last;
        }
        return _lastTarget = new TopicPartition(topic, partition);
    }

    private string TopicOf(FlumeEvent e)
    {
        if (!_options.AllowTopicOverride)
        {
            return _options.Topic;
        }
        if (e.Header(_options.TopicHeader) is { } overridden)
        {
            return overridden;
        }
        return _topicTemplate is null ? _options.Topic : _topicTemplate.Expand(e, default);
    }

    private Partition PartitionOf(FlumeEvent e)
    {
        if (_options.PartitionIdHeader is { } header && e.Header(header) is { } text)
        {
            if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p))
            {
                throw new FormatException($"header '{header}' value '{text}' is not a partition number");
            }
            return new Partition(p);
        }
        return _options.DefaultPartitionId is { } fixedPartition ? new Partition(fixedPartition) : Partition.Any;
    }

    private void AwaitAcknowledgements(BatchState batch)
    {
        // The delivery reports arrive on the client's poll thread; a flush here would wait for the newer batches too.
        while (!batch.WaitDelivered(FlushSlice))
        {
            _stopping.Token.ThrowIfCancellationRequested();
        }
    }

    private sealed class BatchState
    {
        // Starts at 1 for the sending itself (Seal), so the count cannot reach 0 while records are still being produced.
        public int Outstanding = 1;
        public Error? FirstError;

        private readonly object _gate = new();

        public BatchState(IChannelTransaction transaction, long started)
        {
            Transaction = transaction;
            Started = started;
            OnDelivery = Deliver;
        }

        public IChannelTransaction Transaction { get; }

        public long Started { get; }

        public int Count { get; set; }

        public Action<DeliveryReport<byte[]?, byte[]>> OnDelivery { get; }

        public bool Delivered => Volatile.Read(ref Outstanding) <= 0;

        /// <summary>Every record of the batch was handed to the producer.</summary>
        public void Seal() => Release();

        public bool WaitDelivered(TimeSpan timeout)
        {
            lock (_gate)
            {
                return Delivered || Monitor.Wait(_gate, timeout) || Delivered;
            }
        }

        private void Deliver(DeliveryReport<byte[]?, byte[]> report)
        {
            if (report.Error.IsError)
            {
                Interlocked.CompareExchange(ref FirstError, report.Error, null);
            }
            Release();
        }

        private void Release()
        {
            if (Interlocked.Decrement(ref Outstanding) == 0)
            {
                lock (_gate)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
