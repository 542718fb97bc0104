using FlumeNet.Tools.KafkaEmulator.Protocol;

namespace FlumeNet.Tools.KafkaEmulator.Handlers;

/// <summary>OffsetCommit v2–v7 and OffsetFetch v1–v5, kept per group in memory.</summary>
internal static class OffsetHandlers
{
    public static void Commit(BrokerContext ctx, short v, KafkaReader r, KafkaWriter w)
    {
        var groupId = r.String();
        var generation = r.Int32();
        var memberId = r.String();
        if (v <= 4)
        {
            r.Int64();
        }
        if (v >= 7)
        {
            r.NullableString();
        }
        var topics = r.Array(x =>
        {
            var name = x.String();
            var parts = x.Array(y =>
            {
                var partition = y.Int32();
                var offset = y.Int64();
                if (v >= 6)
                {
                    y.Int32();
                }
                return (Partition: partition, Offset: offset, Metadata: y.NullableString());
            });
            return (Name: name, Parts: parts);
        });
        var fault = ctx.Faults.Take("OffsetCommit", null);
        var error = fault?.Error ?? ctx.Groups.Get(groupId).Commit(memberId, generation,
            topics.SelectMany(t => t.Parts.Select(p => (t.Name, p.Partition, p.Offset, p.Metadata))).ToList());
        if (v >= 3)
        {
            w.Int32(0);
        }
        w.Int32(topics.Count);
        foreach (var (name, parts) in topics)
        {
            w.String(name).Int32(parts.Count);
            foreach (var p in parts)
            {
                w.Int32(p.Partition).Int16(error);
            }
        }
    }

    public static void Fetch(BrokerContext ctx, short v, KafkaReader r, KafkaWriter w)
    {
        var groupId = r.String();
        var count = r.ArrayLength();
        List<(string Name, List<int> Parts)>? topics = null;
        if (count >= 0)
        {
            topics = [];
            for (var i = 0; i < count; i++)
            {
                topics.Add((r.String(), r.Array(x => x.Int32())));
            }
        }
        var group = ctx.Groups.Find(groupId);
        if (topics is null)
        {
            topics = (group?.AllCommitted() ?? [])
                .GroupBy(o => o.Topic)
                .Select(g => (g.Key, g.Select(o => o.Partition).ToList()))
                .ToList();
        }
        if (v >= 3)
        {
            w.Int32(0);
        }
        w.Int32(topics.Count);
        foreach (var (name, parts) in topics)
        {
            w.String(name).Int32(parts.Count);
            foreach (var partition in parts)
            {
                var committed = group?.Committed(name, partition);
                w.Int32(partition).Int64(committed?.Offset ?? -1);
                if (v >= 5)
                {
                    w.Int32(-1);
                }
                w.String(committed?.Metadata ?? "").Int16(ErrorCode.None);
            }
        }
        if (v >= 2)
        {
            w.Int16(ErrorCode.None);
        }
    }
}
