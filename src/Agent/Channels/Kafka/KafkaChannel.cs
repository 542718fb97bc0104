using System.Globalization;
using System.Text;
using Confluent.Kafka;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Kafka;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Channels.Kafka;

/// <summary>
/// Flume's <c>KafkaChannel</c> (reference §8.3): the topic is the channel. A put transaction serializes its events at
/// put (an AvroFlumeEvent datum with <c>parseAsFlumeEvent</c>, else the body) and produces them at commit, which returns
/// only once every record is acknowledged. Each taking thread owns a consumer of the group; a take transaction commits
/// the offsets it consumed at commit; a rollback keeps its events for that thread's next takes. No capacity limit.
/// </summary>
internal sealed class KafkaChannel : IChannel, ILifecycleComponent, IDisposable, IMeteredExtras
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly KafkaChannelOptions _options;
    private readonly Lock _producerLock = new();
    private readonly ThreadLocal<TakeState> _takers;
    private IProducer<byte[]?, byte[]>? _producer;
    private bool _warned;
    private bool _disposed;

    public KafkaChannel(string name, KafkaChannelOptions options)
    {
        Name = name;
        _options = options;
        Counter = new ChannelCounter(name, 0);
        _takers = new ThreadLocal<TakeState>(() => new TakeState(this), trackAllValues: true);
    }

    public string Name { get; }

    public ChannelCounter Counter { get; }

    /// <summary>Flume's KafkaChannelCounter additions: KafkaEventGetTimer, KafkaEventSendTimer, KafkaCommitTimer, RollbackCount.</summary>
    public KafkaCounters Kafka { get; } = KafkaCounters.ForChannel();

    public IEnumerable<(string Name, long Value)> ExtraCounters => Kafka.ExtraCounters;

    internal KafkaChannelOptions Options => _options;

    public IChannelTransaction BeginTransaction()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new KafkaChannelTransaction(this);
    }

    // Nothing to open: the producer and each taker's consumer are created on first use.
    public void Start() => Kafka.Reset();

    /// <summary>The topology stops channels last: close the consumers so they leave the group now, not at session timeout.</summary>
    public void Stop() => Dispose();

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (var taker in _takers.Values)
        {
            taker.Dispose();
        }
        _takers.Dispose();
        lock (_producerLock)
        {
            _producer?.Dispose();
            _producer = null;
        }
    }

    internal TakeState Taker => _takers.Value!;

    internal IProducer<byte[]?, byte[]> Producer()
    {
        lock (_producerLock)
        {
            WarnOnce();
            return _producer ??= KafkaClientFactory.Producer(Name, _options.Producer, Warn);
        }
    }

    internal void Warn(string warning) => Log.Warn("Channel '{Channel}': {Warning}", Name, warning);

    internal Message<byte[]?, byte[]> Serialize(FlumeEvent e) => new()
    {
        Key = e.Header("key") is { } key ? Encoding.UTF8.GetBytes(key) : null,
        Value = _options.ParseAsFlumeEvent ? AvroFlumeEventCodec.Encode(e) : e.Body,
    };

    internal Partition PartitionOf(FlumeEvent e)
    {
        if (_options.PartitionIdHeader is { } header && e.Header(header) is { } text)
        {
            if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p))
            {
                throw new ChannelException($"channel '{Name}': header '{header}' value '{text}' is not a partition number");
            }
            return new Partition(p);
        }
        return _options.DefaultPartitionId is { } fixedPartition ? new Partition(fixedPartition) : Partition.Any;
    }

    internal FlumeEvent? Deserialize(ConsumeResult<byte[]?, byte[]> record)
    {
        FlumeEvent e;
        if (_options.ParseAsFlumeEvent)
        {
            try
            {
                e = AvroFlumeEventCodec.Decode(record.Message.Value ?? []);
            }
            catch (AvroRpcProtocolException ex)
            {
                Log.Error("Channel '{Channel}' skips record {Topic}/{Partition}@{Offset}: not an AvroFlumeEvent ({Reason}); set parseAsFlumeEvent = false for plain records",
                    Name, record.Topic, record.Partition.Value, record.Offset.Value, ex.Message);
                return null;
            }
        }
        else
        {
            e = new FlumeEvent(record.Message.Value ?? []);
        }
        if (record.Message.Key is { } key)
        {
            e.Headers["key"] = Encoding.UTF8.GetString(key);
        }
        return e;
    }

    private void WarnOnce()
    {
        if (_warned)
        {
            return;
        }
        _warned = true;
        foreach (var w in _options.Warnings)
        {
            Warn(w);
        }
        Log.Info("Channel '{Channel}' keeps events in topic '{Topic}' on {Brokers} (group '{Group}')", Name, _options.Topic,
            _options.Producer["bootstrap.servers"], _options.GroupId);
    }

    /// <summary>One taking thread's consumer, the events its rolled-back transactions returned, and their uncommitted offsets.</summary>
    internal sealed class TakeState : IDisposable
    {
        private readonly KafkaChannel _channel;
        private IConsumer<byte[]?, byte[]>? _consumer;

        public TakeState(KafkaChannel channel)
        {
            _channel = channel;
        }

        public Queue<FlumeEvent> RolledBack { get; } = new();

        /// <summary>Offsets (next to read) of events taken but not yet committed, kept across rollbacks.</summary>
        public Dictionary<TopicPartition, long> Pending { get; } = [];

        /// <summary>Set by a revocation during a poll: takes return null until the next transaction begins.</summary>
        public bool Revoked { get; set; }

        public IConsumer<byte[]?, byte[]> Consumer()
        {
            if (_consumer is not null)
            {
                return _consumer;
            }
            lock (_channel._producerLock)
            {
                _channel.WarnOnce();
            }
            var consumer = KafkaClientFactory.Consumer(_channel.Name, _channel._options.Consumer, _channel.Warn, b => b
                .SetPartitionsRevokedHandler((_, parts) => OnRevoked(parts))
                .SetPartitionsLostHandler((_, parts) => OnRevoked(parts)));
            consumer.Subscribe(_channel._options.Topic);
            _consumer = consumer;
            return consumer;
        }

        public void Dispose()
        {
            var consumer = Interlocked.Exchange(ref _consumer, null);
            if (consumer is null)
            {
                return;
            }
            try
            {
                consumer.Close();
            }
            catch (KafkaException ex)
            {
                Log.Warn("Channel '{Channel}': closing a consumer failed: {Reason}", _channel.Name, ex.Message);
            }
            consumer.Dispose();
        }

        private void OnRevoked(List<TopicPartitionOffset> parts)
        {
            Revoked = true;
            Log.Info("Channel '{Channel}': a taker gave up {Partitions}", _channel.Name,
                string.Join(",", parts.Select(p => $"{p.Topic}/{p.Partition.Value}")));
        }
    }
}
