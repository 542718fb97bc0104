using System.Globalization;
using System.Text;
using Confluent.Kafka;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Kafka;
using FlumeNet.Agent.Monitoring;
using FlumeNet.Agent.Sinks.Hdfs;
using NLog;

namespace FlumeNet.Agent.Sinks.Kafka;

/// <summary>
/// Flume's <c>KafkaSink</c> (reference §8.2): takes up to <c>flumeBatchSize</c> events in one transaction, produces them
/// all (key = header <c>key</c>, topic from the topic header or <c>kafka.topic</c>, partition from the partition header
/// or <c>defaultPartitionId</c>), flushes, and commits the take only once every record is acknowledged. Any failure
/// rolls the whole batch back, so records already acknowledged are sent again (at-least-once).
/// </summary>
internal sealed class KafkaSink : ISink, IMeteredSink, IMeteredExtras
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly TimeSpan FlushSlice = TimeSpan.FromMilliseconds(100);
    private readonly KafkaSinkOptions _options;
    private readonly BucketPath? _topicTemplate;
    private readonly CancellationTokenSource _stopping = new();
    private IProducer<byte[]?, byte[]>? _producer;
    private string? _lastFailure;

    public KafkaSink(string name, IChannel channel, KafkaSinkOptions options)
    {
        Name = name;
        Channel = channel;
        _options = options;
        Counter = new SinkCounter(name);
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

    public void Stop()
    {
        _stopping.Cancel();
        var producer = Interlocked.Exchange(ref _producer, null);
        if (producer is null)
        {
            return;
        }
        producer.Dispose();
        Counter.IncrementConnectionClosed();
        Counter.Stop();
        Log.Info("Sink '{Sink}' stopped", Name);
    }

    public ProcessStatus Process()
    {
        var producer = _producer ?? throw new InvalidOperationException($"sink '{Name}' is not started");
        using var tx = Channel.BeginTransaction();
        var taken = 0;
        // One state per batch: a late acknowledgement of a rolled-back batch cannot count for the next one.
        var batch = new BatchState();
        var sendStarted = System.Diagnostics.Stopwatch.GetTimestamp();
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
                return ProcessStatus.Backoff;
            }
            Counter.AddDrainAttempts(taken);
            AwaitAcknowledgements(producer, batch);
            Kafka.AddEventSendTime(sendStarted);
            if (batch.FirstError is { } error)
            {
                throw new KafkaException(error);
            }
            tx.Commit();
            Counter.AddDrainSuccesses(taken);
            if (_lastFailure is not null)
            {
                Log.Info("Sink '{Sink}' delivers again", Name);
                _lastFailure = null;
            }
            return ProcessStatus.Ready;
        }
        catch (Exception ex) when (ex is KafkaException or OperationCanceledException or FormatException or BucketPathException)
        {
            tx.Rollback();
            Kafka.IncrementRollback();
            Counter.IncrementConnectionFailed();
            if (ex.Message != _lastFailure)
            {
                Log.Warn("Sink '{Sink}' rolls back {Count} events and retries: {Reason}", Name, taken, ex.Message);
                _lastFailure = ex.Message;
            }
            throw new EventDeliveryException($"sink '{Name}' could not publish {taken} events: {ex.Message}", ex);
        }
    }

    private void Send(IProducer<byte[]?, byte[]> producer, FlumeEvent e, BatchState batch)
    {
        var message = new Message<byte[]?, byte[]>
        {
            Key = e.Header("key") is { } key ? Encoding.UTF8.GetBytes(key) : null,
            Value = _options.UseFlumeEventFormat ? AvroFlumeEventCodec.Encode(e.HasHeaders ? e.Headers : null, e.Body) : e.Body,
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
        var target = new TopicPartition(TopicOf(e), PartitionOf(e));
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
                producer.Poll(FlushSlice);
            }
            catch
            {
                Interlocked.Decrement(ref batch.Outstanding);
                throw;
            }
        }
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

    private void AwaitAcknowledgements(IProducer<byte[]?, byte[]> producer, BatchState batch)
    {
        while (Volatile.Read(ref batch.Outstanding) > 0)
        {
            _stopping.Token.ThrowIfCancellationRequested();
            producer.Flush(FlushSlice);
        }
    }

    private sealed class BatchState
    {
        public int Outstanding;
        public Error? FirstError;

        public BatchState()
        {
            OnDelivery = Deliver;
        }

        public Action<DeliveryReport<byte[]?, byte[]>> OnDelivery { get; }

        private void Deliver(DeliveryReport<byte[]?, byte[]> report)
        {
            if (report.Error.IsError)
            {
                Interlocked.CompareExchange(ref FirstError, report.Error, null);
            }
            Interlocked.Decrement(ref Outstanding);
        }
    }
}
