using FlumeNet.Tools.KafkaEmulator.Protocol;

namespace FlumeNet.Tools.KafkaEmulator.Handlers;

/// <summary>Metadata v0–v6: this one broker leads every partition; unknown topics are auto-created when allowed.</summary>
internal static class MetadataHandler
{
    public static void Handle(BrokerContext ctx, short v, KafkaReader r, KafkaWriter w)
    {
        var count = r.ArrayLength();
        List<string>? requested = null;
        if (count >= 0 && !(v == 0 && count == 0))
        {
            requested = [];
            for (var i = 0; i < count; i++)
            {
                requested.Add(r.String());
            }
        }
        var allowCreate = v < 4 || r.Bool();

        if (v >= 3)
        {
            w.Int32(0);
        }
        w.Int32(1).Int32(BrokerContext.NodeId).String(ctx.Host).Int32(ctx.Port);
        if (v >= 1)
        {
            w.String(null);
        }
        if (v >= 2)
        {
            w.String(ctx.ClusterId);
        }
        if (v >= 1)
        {
            w.Int32(BrokerContext.NodeId);
        }
        var names = requested ?? ctx.Topics.Names.ToList();
        w.Int32(names.Count);
        foreach (var name in names)
        {
            var fault = ctx.Faults.Take("Metadata", name);
            var partitions = ctx.Topics.FindOrCreate(name, allowCreate);
            short error = partitions is null
                ? (TopicStoreNameValid(name) ? ErrorCode.UnknownTopicOrPartition : ErrorCode.InvalidTopic)
                : ErrorCode.None;
            var partitionError = fault?.Error ?? ErrorCode.None;
            w.Int16(error).String(name);
            if (v >= 1)
            {
                w.Bool(false);
            }
            var n = partitions?.Length ?? 0;
            w.Int32(n);
            for (var p = 0; p < n; p++)
            {
                var leaderless = partitionError == ErrorCode.LeaderNotAvailable;
                w.Int16(partitionError).Int32(p).Int32(leaderless ? -1 : BrokerContext.NodeId);
                w.Int32(1).Int32(BrokerContext.NodeId);
                w.Int32(1).Int32(BrokerContext.NodeId);
                if (v >= 5)
                {
                    w.Int32(0);
                }
            }
        }
    }

    private static bool TopicStoreNameValid(string name) => Storage.TopicStore.IsValidName(name);
}
