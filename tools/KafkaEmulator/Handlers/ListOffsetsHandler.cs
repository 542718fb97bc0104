using FlumeNet.Tools.KafkaEmulator.Protocol;

namespace FlumeNet.Tools.KafkaEmulator.Handlers;

/// <summary>ListOffsets v1–v5: -1 = latest (high watermark), -2 = earliest (0), else the first batch at or after the time.</summary>
internal static class ListOffsetsHandler
{
    public static void Handle(BrokerContext ctx, short v, KafkaReader r, KafkaWriter w)
    {
        r.Int32();
        if (v >= 2)
        {
            r.Int8();
        }
        var topics = r.Array(x =>
        {
            var name = x.String();
            var parts = x.Array(y =>
            {
                var partition = y.Int32();
                if (v >= 4)
                {
                    y.Int32();
                }
                return (Partition: partition, Timestamp: y.Int64());
            });
            return (Name: name, Parts: parts);
        });
        if (v >= 2)
        {
            w.Int32(0);
        }
        w.Int32(topics.Count);
        foreach (var (name, parts) in topics)
        {
            w.String(name).Int32(parts.Count);
            foreach (var (partition, timestamp) in parts)
            {
                var log = ctx.Topics.Find(name, partition);
                var fault = ctx.Faults.Take("ListOffsets", name);
                short error = fault?.Error ?? (log is null ? ErrorCode.UnknownTopicOrPartition : ErrorCode.None);
                long offset = log is null || error != ErrorCode.None ? -1
                    : timestamp == -1 ? log.HighWatermark
                    : timestamp == -2 ? 0
                    : log.OffsetForTimestamp(timestamp);
                w.Int32(partition).Int16(error).Int64(-1).Int64(offset);
                if (v >= 4)
                {
                    w.Int32(0);
                }
            }
        }
    }
}
