using Confluent.Kafka;
using FlumeNet.Agent.Core;
using NLog;

namespace FlumeNet.Agent.Channels.Kafka;

/// <summary>
/// One Kafka channel transaction: puts are produced at commit (commit returns after every acknowledgement, else throws
/// <see cref="ChannelException"/>); takes commit their offsets at commit (a failure is only logged, as in Flume, T23),
/// and a rollback keeps the taken events for this thread's next takes.
/// </summary>
internal sealed class KafkaChannelTransaction : IChannelTransaction
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly TimeSpan FlushSlice = TimeSpan.FromMilliseconds(100);
    private readonly KafkaChannel _channel;
    private readonly List<(Message<byte[]?, byte[]> Message, Partition Partition)> _puts = [];
    private readonly List<FlumeEvent> _taken = [];
    private readonly Dictionary<TopicPartition, long> _offsets = [];
    private KafkaChannel.TakeState? _taker;
    private bool _done;

    public KafkaChannelTransaction(KafkaChannel channel)
    {
        _channel = channel;
    }

    public void Put(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        _channel.Counter.AddPutAttempts(1);
        _puts.Add((_channel.Serialize(e), _channel.PartitionOf(e)));
    }

    public FlumeEvent? Take()
    {
        if (_taker is null)
        {
            _taker = _channel.Taker;
            _taker.Revoked = false;
        }
        _channel.Counter.AddTakeAttempts(1);
        if (_taker.RolledBack.TryDequeue(out var again))
        {
            _taken.Add(again);
            return again;
        }
        if (_taker.Revoked)
        {
            return null;
        }
        IConsumer<byte[]?, byte[]> consumer;
        try
        {
            consumer = _taker.Consumer();
        }
        catch (ArgumentException ex)
        {
            throw new ChannelException($"channel '{_channel.Name}': cannot create its consumer: {ex.Message}", ex);
        }
        var deadline = DateTime.UtcNow + _channel.Options.PollTimeout;
        while (!_taker.Revoked)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }
            ConsumeResult<byte[]?, byte[]>? record;
            var getStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                record = consumer.Consume(remaining);
                _channel.Kafka.AddEventGetTime(getStarted);
            }
            catch (ConsumeException ex)
            {
                _channel.Kafka.AddEventGetTime(getStarted);
                throw new ChannelException($"channel '{_channel.Name}': reading topic '{_channel.Options.Topic}' failed: {ex.Error.Reason}", ex);
            }
            if (record is null || _taker.Revoked && record is null)
            {
                return null;
            }
            _offsets[record.TopicPartition] = record.Offset.Value + 1;
            if (_channel.Deserialize(record) is { } e)
            {
                _taken.Add(e);
                return e;
            }
        }
        return null;
    }

    public void Commit()
    {
        if (_done)
        {
            return;
        }
        if (_puts.Count > 0)
        {
            var sendStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                ProduceAll();
            }
            finally
            {
                _channel.Kafka.AddEventSendTime(sendStarted);
            }
            _channel.Counter.AddPutSuccesses(_puts.Count);
        }
        if (_taker is not null)
        {
            foreach (var (tp, next) in _offsets)
            {
                _taker.Pending[tp] = next;
            }
            if (_taker.RolledBack.Count == 0 && _taker.Pending.Count > 0)
            {
                var offsets = _taker.Pending.Select(kv => new TopicPartitionOffset(kv.Key, kv.Value)).ToList();
                _taker.Pending.Clear();
                var commitStarted = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    _taker.Consumer().Commit(offsets);
                    _channel.Kafka.AddCommitTime(commitStarted);
                }
                catch (KafkaException ex)
                {
                    Log.Warn("Channel '{Channel}': committing take offsets failed, those events may be delivered again: {Reason}", _channel.Name, ex.Error.Reason);
                }
            }
            _channel.Counter.AddTakeSuccesses(_taken.Count);
        }
        _done = true;
    }

    public void Rollback()
    {
        if (_done)
        {
            return;
        }
        _done = true;
        _channel.Kafka.IncrementRollback();
        _puts.Clear();
        if (_taker is not null && _taken.Count > 0)
        {
            // Taken events go back in order, ahead of what was still waiting; their offsets stay pending until re-taken.
            var waiting = _taker.RolledBack.ToList();
            _taker.RolledBack.Clear();
            foreach (var e in _taken)
            {
                _taker.RolledBack.Enqueue(e);
            }
            foreach (var e in waiting)
            {
                _taker.RolledBack.Enqueue(e);
            }
            foreach (var (tp, next) in _offsets)
            {
                _taker.Pending[tp] = next;
            }
        }
    }

    public void Dispose()
    {
        if (!_done)
        {
            Rollback();
        }
    }

    private void ProduceAll()
    {
        IProducer<byte[]?, byte[]> producer;
        try
        {
            producer = _channel.Producer();
        }
        catch (ArgumentException ex)
        {
            throw new ChannelException($"channel '{_channel.Name}': cannot create its producer: {ex.Message}", ex);
        }
        var outstanding = _puts.Count;
        Error? failure = null;
        void OnDelivery(DeliveryReport<byte[]?, byte[]> r)
        {
            if (r.Error.IsError)
            {
                Interlocked.CompareExchange(ref failure, r.Error, null);
            }
            Interlocked.Decrement(ref outstanding);
        }
        var topic = _channel.Options.Topic;
        var sent = 0;
        try
        {
            foreach (var (message, partition) in _puts)
            {
                while (true)
                {
                    try
                    {
                        producer.Produce(new TopicPartition(topic, partition), message, OnDelivery);
                        sent++;
                        break;
                    }
                    catch (ProduceException<byte[]?, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                    {
                        producer.Poll(FlushSlice);
                    }
                }
            }
        }
        catch (KafkaException ex)
        {
            Interlocked.Add(ref outstanding, sent - _puts.Count);
            WaitFor(producer, () => Volatile.Read(ref outstanding) <= 0);
            throw new ChannelException($"channel '{_channel.Name}': producing to topic '{topic}' failed: {ex.Error.Reason}", ex);
        }
        WaitFor(producer, () => Volatile.Read(ref outstanding) <= 0);
        if (failure is { } error)
        {
            throw new ChannelException($"channel '{_channel.Name}': topic '{topic}' did not acknowledge the batch: {error.Reason}");
        }
    }

    private static void WaitFor(IProducer<byte[]?, byte[]> producer, Func<bool> done)
    {
        while (!done())
        {
            producer.Flush(FlushSlice);
        }
    }
}
