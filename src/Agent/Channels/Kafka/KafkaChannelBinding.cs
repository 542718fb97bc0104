using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Kafka;
using FlumeNet.Agent.Registry;

namespace FlumeNet.Agent.Channels.Kafka;

/// <summary>
/// Builds the Kafka channel, translating Flume 1.11's legacy keys where the new key is absent: <c>topic</c> →
/// <c>kafka.topic</c>, <c>brokerList</c> → <c>kafka.bootstrap.servers</c>, <c>groupId</c> →
/// <c>kafka.consumer.group.id</c>, <c>readSmallestOffset</c> true/false → <c>auto.offset.reset</c> earliest/latest.
/// </summary>
public static class KafkaChannelBinding
{
    public static readonly ComponentFactory Factory = new() { Channel = o => new KafkaChannel(o.Name, Bind(o)) };

    internal static KafkaChannelOptions Bind(BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var bootstrap = (o.Raw("kafka.bootstrap.servers") ?? o.Raw("brokerList")
            ?? throw new ArgumentException($"channel '{o.Name}': kafka.bootstrap.servers is required")).Trim();
        var groupId = (o.Raw("kafka.consumer.group.id") ?? o.Raw("groupId") ?? "flume").Trim();
        var warnings = new List<string>();
        var producer = KafkaClientSettings.Translate(o.Sub("kafka.producer."),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["acks"] = "all",
                ["partitioner"] = "murmur2_random",
                ["message.timeout.ms"] = "120000",
            },
            new Dictionary<string, string>(StringComparer.Ordinal) { ["bootstrap.servers"] = bootstrap },
            warnings);
        var consumerPassthrough = new Dictionary<string, string>(o.Sub("kafka.consumer."), StringComparer.Ordinal);
        if (!consumerPassthrough.ContainsKey("auto.offset.reset") && o.Raw("readSmallestOffset") is { } smallest)
        {
            consumerPassthrough["auto.offset.reset"] = smallest.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) ? "earliest" : "latest";
        }
        var consumer = KafkaClientSettings.Translate(consumerPassthrough,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["auto.offset.reset"] = "earliest",
                ["session.timeout.ms"] = "10000",
                ["heartbeat.interval.ms"] = "3000",
            },
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["bootstrap.servers"] = bootstrap,
                ["group.id"] = groupId,
                ["enable.auto.commit"] = "false",
                ["enable.auto.offset.store"] = "false",
                ["enable.partition.eof"] = "false",
            },
            warnings);
        return new KafkaChannelOptions
        {
            Topic = (o.Raw("kafka.topic") ?? o.Raw("topic") ?? "flume-channel").Trim(),
            GroupId = groupId,
            ParseAsFlumeEvent = o.GetBool("parseAsFlumeEvent", true),
            PollTimeout = TimeSpan.FromMilliseconds(Math.Max(1, o.GetLong("kafka.pollTimeout", 500))),
            DefaultPartitionId = o.Raw("defaultPartitionId") is not null ? o.GetInt("defaultPartitionId", 0) : null,
            PartitionIdHeader = o.Raw("partitionIdHeader"),
            Producer = producer,
            Consumer = consumer,
            Warnings = warnings,
        };
    }
}
