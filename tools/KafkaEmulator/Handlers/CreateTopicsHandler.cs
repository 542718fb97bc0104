using FlumeNet.Tools.KafkaEmulator.Protocol;
using FlumeNet.Tools.KafkaEmulator.Storage;

namespace FlumeNet.Tools.KafkaEmulator.Handlers;

/// <summary>CreateTopics v0–v4; replication factor and configs are accepted and ignored (one broker).</summary>
internal static class CreateTopicsHandler
{
    public static void Handle(BrokerContext ctx, short v, KafkaReader r, KafkaWriter w)
    {
        var topics = r.Array(x =>
        {
            var name = x.String();
            var partitions = x.Int32();
            x.Int16();
            var assignments = x.Array(y =>
            {
                y.Int32();
                y.Array(z => z.Int32());
                return 0;
            });
            x.Array(y =>
            {
                y.String();
                y.NullableString();
                return 0;
            });
            return (Name: name, Partitions: partitions < 0 ? Math.Max(assignments.Count, 0) : partitions);
        });
        r.Int32();
        var validateOnly = v >= 1 && r.Bool();
        if (v >= 2)
        {
            w.Int32(0);
        }
        w.Int32(topics.Count);
        foreach (var (name, partitions) in topics)
        {
            var count = partitions <= 0 ? ctx.Topics.DefaultPartitions : partitions;
            short error;
            string? message = null;
            if (!TopicStore.IsValidName(name))
            {
                error = ErrorCode.InvalidTopic;
                message = $"invalid topic name '{name}'";
            }
            else if (ctx.Topics.Find(name) is not null)
            {
                error = ErrorCode.TopicAlreadyExists;
                message = $"Topic '{name}' already exists.";
            }
            else
            {
                error = ErrorCode.None;
                if (!validateOnly)
                {
                    ctx.Topics.Create(name, count);
                }
            }
            w.String(name).Int16(error);
            if (v >= 1)
            {
                w.String(message);
            }
        }
    }
}
