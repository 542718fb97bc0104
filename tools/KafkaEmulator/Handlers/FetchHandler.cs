using FlumeNet.Tools.KafkaEmulator.Protocol;
using FlumeNet.Tools.KafkaEmulator.Storage;

namespace FlumeNet.Tools.KafkaEmulator.Handlers;

/// <summary>
/// Fetch v4–v11 without fetch sessions (session id 0 in every answer, so clients send full fetches). Waits up to
/// max_wait_ms for data when none is ready, returns stored batches from the one holding the fetch offset.
/// </summary>
internal static class FetchHandler
{
    public static async Task Handle(BrokerContext ctx, short v, KafkaReader r, KafkaWriter w, CancellationToken cancel)
    {
        ctx.Stats.Fetch();
        r.Int32();
        var maxWait = r.Int32();
        var minBytes = r.Int32();
        var maxBytes = r.Int32();
        r.Int8();
        if (v >= 7)
        {
            r.Int32();
            r.Int32();
        }
        var wanted = new List<(string Topic, List<(int Partition, long Offset, int MaxBytes)> Partitions)>();
        var topicCount = r.ArrayLength();
        for (var t = 0; t < topicCount; t++)
        {
            var topic = r.String();
            var parts = new List<(int, long, int)>();
            var n = r.ArrayLength();
            for (var i = 0; i < n; i++)
            {
                var partition = r.Int32();
                if (v >= 9)
                {
                    r.Int32();
                }
                var offset = r.Int64();
                if (v >= 5)
                {
                    r.Int64();
                }
                parts.Add((partition, offset, r.Int32()));
            }
            wanted.Add((topic, parts));
        }

        var deadline = DateTime.UtcNow.AddMilliseconds(Math.Max(0, maxWait));
        while (true)
        {
            var waitOn = new List<Task>();
            var ready = 0L;
            foreach (var (topic, parts) in wanted)
            {
                foreach (var (partition, offset, _) in parts)
                {
                    var log = ctx.Topics.Find(topic, partition);
                    if (log is null)
                    {
                        ready++;
                        continue;
                    }
                    var changed = log.Changed;
                    if (offset < log.HighWatermark || offset > log.HighWatermark)
                    {
                        ready += Math.Max(1, log.HighWatermark - offset);
                    }
                    else
                    {
                        waitOn.Add(changed);
                    }
                }
            }
            var remaining = deadline - DateTime.UtcNow;
            if (ready >= Math.Max(1, minBytes) || ready > 0 || remaining <= TimeSpan.Zero || waitOn.Count == 0)
            {
                break;
            }
            waitOn.Add(Task.Delay(remaining, cancel));
            await Task.WhenAny(waitOn).ConfigureAwait(false);
            cancel.ThrowIfCancellationRequested();
        }

        w.Int32(0);
        if (v >= 7)
        {
            w.Int16(ErrorCode.None).Int32(0);
        }
        var budget = maxBytes <= 0 ? int.MaxValue : maxBytes;
        w.Int32(wanted.Count);
        foreach (var (topic, parts) in wanted)
        {
            w.String(topic).Int32(parts.Count);
            foreach (var (partition, offset, partMax) in parts)
            {
                var log = ctx.Topics.Find(topic, partition);
                var fault = ctx.Faults.Take("Fetch", topic);
                short error = log is null ? ErrorCode.UnknownTopicOrPartition
                    : fault is not null ? fault.Error
                    : offset < 0 || offset > log.HighWatermark ? ErrorCode.OffsetOutOfRange
                    : ErrorCode.None;
                var hwm = log?.HighWatermark ?? -1;
                w.Int32(partition).Int16(error).Int64(hwm).Int64(hwm);
                if (v >= 5)
                {
                    w.Int64(log is null ? -1 : 0);
                }
                w.Int32(-1);
                if (v >= 11)
                {
                    w.Int32(-1);
                }
                if (error != ErrorCode.None || log is null || offset >= hwm)
                {
                    w.Int32(0);
                    continue;
                }
                var batches = log.Read(offset, Math.Min(partMax, budget));
                var sizeAt = w.Placeholder();
                var size = 0;
                foreach (var b in batches)
                {
                    w.Raw(b.Bytes);
                    size += b.Bytes.Length;
                }
                w.Patch(sizeAt, size);
                budget = Math.Max(0, budget - size);
            }
        }
    }
}
