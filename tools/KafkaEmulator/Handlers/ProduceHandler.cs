using FlumeNet.Tools.KafkaEmulator.Protocol;
using FlumeNet.Tools.KafkaEmulator.Storage;

namespace FlumeNet.Tools.KafkaEmulator.Handlers;

/// <summary>Produce v3–v7 with record batches v2: CRC-32C checked, offsets assigned, batches stored as sent.</summary>
internal static class ProduceHandler
{
    /// <summary>Returns false when acks = 0 (no response is sent).</summary>
    public static async Task<bool> Handle(BrokerContext ctx, short v, KafkaReader r, KafkaWriter w)
    {
        r.NullableString();
        var acks = r.Int16();
        r.Int32();
        var results = new List<(string Topic, List<(int Partition, short Error, long BaseOffset)> Partitions)>();
        var delay = 0;
        var topicCount = r.ArrayLength();
        for (var t = 0; t < topicCount; t++)
        {
            var topic = r.String();
            var parts = new List<(int, short, long)>();
            var partitionCount = r.ArrayLength();
            for (var i = 0; i < partitionCount; i++)
            {
                var partition = r.Int32();
                var records = r.NullableBytes();
                var fault = ctx.Faults.Take("Produce", topic);
                if (fault is not null)
                {
                    delay = Math.Max(delay, fault.DelayMs);
                    if (fault.Error != ErrorCode.None)
                    {
                        parts.Add((partition, fault.Error, -1));
                        continue;
                    }
                }
                var log = ctx.Topics.FindOrCreate(topic, allowCreate: true) is { } logs && partition >= 0 && partition < logs.Length
                    ? logs[partition]
                    : null;
                if (log is null)
                {
                    parts.Add((partition, ErrorCode.UnknownTopicOrPartition, -1));
                    continue;
                }
                try
                {
                    var batches = RecordBatch.Split(records ?? ArraySegment<byte>.Empty);
                    var first = log.Append(batches);
                    ctx.Stats.Produced(batches.Count, batches.Sum(b => (long)b.RecordCount));
                    parts.Add((partition, ErrorCode.None, first));
                }
                catch (UnsupportedMagicException)
                {
                    parts.Add((partition, ErrorCode.UnsupportedForMessageFormat, -1));
                }
                catch (ProtocolException)
                {
                    parts.Add((partition, ErrorCode.CorruptMessage, -1));
                }
            }
            results.Add((topic, parts));
        }
        if (delay > 0)
        {
            await Task.Delay(delay).ConfigureAwait(false);
        }
        if (acks == 0)
        {
            return false;
        }
        w.Int32(results.Count);
        foreach (var (topic, parts) in results)
        {
            w.String(topic).Int32(parts.Count);
            foreach (var (partition, error, baseOffset) in parts)
            {
                w.Int32(partition).Int16(error).Int64(baseOffset).Int64(-1);
                if (v >= 5)
                {
                    w.Int64(0);
                }
            }
        }
        w.Int32(0);
        return true;
    }
}
