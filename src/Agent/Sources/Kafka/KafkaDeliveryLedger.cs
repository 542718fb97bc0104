using Confluent.Kafka;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Sources.Kafka;

/// <summary>
/// The Kafka source's record of what it put into channels whose events a crash loses (memory), until the sinks have
/// stored it. Each put is a segment: the records' partitions and offsets in put order and, per required channel, the
/// committed-put count read right after the put. A channel's stored prefix (<see cref="IChannel.StoredPuts"/>: the
/// events, counted from the first put, that sinks all committed after the destination accepted them) says how many of
/// a segment's events are stored: <c>stored − (mark − count)</c>, clamped. That is event-precise, not batch-precise: a sink
/// batch that ends inside a segment lets the offsets of its stored part be committed at once, so sink and source
/// batches need not line up. When another source puts into the same channel between the put and the read of the mark,
/// the mark is larger and the estimate smaller: never more is claimed stored than is. A selector that routes events
/// one by one, or interceptors that change the batch, make the position of each event unknown: such a segment counts
/// as stored only when every channel's stored prefix passed its mark.
/// Records of a revoked partition stay counted as undelivered (they still fill the channel) but their offsets are no
/// longer handed out: the partition's next owner reads them from its committed offset.
/// The memory channel's prefix is exact also when two sinks read it and commit out of order; other channels count
/// committed takes, exact for one sink or a sink group.
/// </summary>
internal sealed class KafkaDeliveryLedger
{
    private readonly Queue<Segment> _segments = new();
    private readonly Dictionary<TopicPartition, int> _epochs = [];

    /// <summary>Events put and not yet stored by the sinks (revoked partitions' included).</summary>
    public int Undelivered { get; private set; }

    /// <summary>True when nothing is waiting for the sinks.</summary>
    public bool IsEmpty => _segments.Count == 0;

    /// <summary>
    /// Records a put that just committed: <paramref name="put"/> events (after interceptors) from the records
    /// <paramref name="origins"/>; <paramref name="trailer"/> (skipped records) is committed once the whole segment is stored.
    /// </summary>
    public void Add(ChannelProcessor processor, List<FlumeEvent> delivered, IReadOnlyList<TopicPartitionOffset> origins, int originCount,
        IReadOnlyList<TopicPartitionOffset> trailer)
    {
        var channels = SinkDeliveryMark.RequiredChannels(processor, delivered);
        var marks = new long[channels.Length];
        for (var i = 0; i < channels.Length; i++)
        {
            marks[i] = channels[i].CommittedPuts;
        }
        var records = new Origin[originCount];
        for (var i = 0; i < originCount; i++)
        {
            records[i] = new Origin(origins[i].TopicPartition, origins[i].Offset.Value, Epoch(origins[i].TopicPartition));
        }
        var tail = trailer.Count == 0 ? [] : trailer.Select(t => new Origin(t.TopicPartition, t.Offset.Value, Epoch(t.TopicPartition))).ToArray();
        var precise = !processor.Selector.DependsOnEvent && delivered.Count == originCount;
        _segments.Enqueue(new Segment(channels, marks, delivered.Count, records, tail, precise));
        Undelivered += delivered.Count;
    }

    /// <summary>Hands the next offset of every record the sinks stored since the last call to <paramref name="stored"/>; true if any.</summary>
    public bool Collect(Action<TopicPartition, long> stored)
    {
        var any = false;
        while (_segments.TryPeek(out var head))
        {
            var done = Stored(head);
            if (done > head.Done)
            {
                if (head.Precise)
                {
                    for (var i = head.Done; i < done; i++)
                    {
                        Hand(head.Records[i], stored);
                    }
                }
                Undelivered -= done - head.Done;
                head.Done = done;
                any = true;
            }
            if (done < head.Count)
            {
                break;
            }
            if (!head.Precise)
            {
                foreach (var r in head.Records)
                {
                    Hand(r, stored);
                }
            }
            foreach (var r in head.Trailer)
            {
                Hand(r, stored);
            }
            any |= head.Records.Length > 0 || head.Trailer.Length > 0;
            _segments.Dequeue();
        }
        return any;
    }

    /// <summary>True while a record of one of <paramref name="partitions"/> (current assignment) waits for the sinks.</summary>
    public bool Waits(HashSet<TopicPartition> partitions)
    {
        foreach (var s in _segments)
        {
            for (var i = s.Precise ? s.Done : 0; i < s.Records.Length; i++)
            {
                if (partitions.Contains(s.Records[i].Partition) && s.Records[i].Epoch == Epoch(s.Records[i].Partition))
                {
                    return true;
                }
            }
            foreach (var r in s.Trailer)
            {
                if (partitions.Contains(r.Partition) && r.Epoch == Epoch(r.Partition))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>The partitions are given up: offsets of their records still waiting are never handed out.</summary>
    public void Revoke(IEnumerable<TopicPartition> partitions)
    {
        foreach (var tp in partitions)
        {
            _epochs[tp] = Epoch(tp) + 1;
        }
    }

    private void Hand(Origin r, Action<TopicPartition, long> stored)
    {
        if (r.Epoch == Epoch(r.Partition))
        {
            stored(r.Partition, r.Offset + 1);
        }
    }

    private int Epoch(TopicPartition tp) => _epochs.TryGetValue(tp, out var e) ? e : 0;

    /// <summary>How many of the segment's events every channel's sinks have stored.</summary>
    private static int Stored(Segment s)
    {
        var stored = s.Count;
        for (var i = 0; i < s.Channels.Length; i++)
        {
            var channel = s.Channels[i];
            var taken = channel.StoredPuts;
            if (channel.CommittedPuts < s.Marks[i])
            {
                continue; // the counter was reset (the channel restarted): nothing to wait for
            }
            var n = s.Precise ? (int)Math.Clamp(taken - (s.Marks[i] - s.Count), 0, s.Count) : (taken >= s.Marks[i] ? s.Count : 0);
            stored = Math.Min(stored, n);
        }
        return stored;
    }

    private readonly record struct Origin(TopicPartition Partition, long Offset, int Epoch);

    private sealed class Segment(IChannel[] channels, long[] marks, int count, Origin[] records, Origin[] trailer, bool precise)
    {
        public IChannel[] Channels { get; } = channels;

        public long[] Marks { get; } = marks;

        /// <summary>Events this put committed to each channel.</summary>
        public int Count { get; } = count;

        public Origin[] Records { get; } = records;

        public Origin[] Trailer { get; } = trailer;

        public bool Precise { get; } = precise;

        /// <summary>Events already counted as stored.</summary>
        public int Done { get; set; }
    }
}
