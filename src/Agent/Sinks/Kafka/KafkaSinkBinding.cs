using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Kafka;
using FlumeNet.Agent.Registry;

namespace FlumeNet.Agent.Sinks.Kafka;

/// <summary>
/// Builds the Kafka sink, translating Flume 1.11's legacy keys first (only where the new key is absent):
/// <c>brokerList</c> → <c>kafka.bootstrap.servers</c>, <c>topic</c> → <c>kafka.topic</c>, <c>batchSize</c> →
/// <c>flumeBatchSize</c>, <c>requiredAcks</c> → <c>kafka.producer.acks</c>. <c>--check</c> warns about each.
/// </summary>
public static class KafkaSinkBinding
{
    public static readonly ComponentFactory Factory = new() { Sink = (o, channel) => new KafkaSink(o.Name, channel, Bind(o)) };

    internal static KafkaSinkOptions Bind(BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var bootstrap = o.Raw("kafka.bootstrap.servers") ?? o.Raw("brokerList")
            ?? throw new ArgumentException($"sink '{o.Name}': kafka.bootstrap.servers is required");
        var warnings = new List<string>();
        var passthrough = new Dictionary<string, string>(o.Sub("kafka.producer."), StringComparer.Ordinal);
        if (!passthrough.ContainsKey("acks") && o.Raw("requiredAcks") is { } legacyAcks)
        {
            passthrough["acks"] = legacyAcks;
        }
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["acks"] = "1",
            // The Java client's default partitioner hashes keys with murmur2; librdkafka's default would not (T22).
            ["partitioner"] = "murmur2_random",
            ["message.timeout.ms"] = "120000",
        };
        var forced = new Dictionary<string, string>(StringComparer.Ordinal) { ["bootstrap.servers"] = bootstrap.Trim() };
        var producer = KafkaClientSettings.Translate(passthrough, defaults, forced, warnings);
        var batchText = o.Raw("flumeBatchSize") ?? o.Raw("batchSize");
        var batchSize = batchText is not null && int.TryParse(batchText.Trim(), System.Globalization.NumberStyles.Integer,
            System.Globalization.CultureInfo.InvariantCulture, out var b) ? b : o.GetInt("flumeBatchSize", 100);
        var headerMap = o.Sub("header.").Select(kv => (kv.Key, kv.Value.Trim())).ToList();
        return new KafkaSinkOptions
        {
            Topic = (o.Raw("kafka.topic") ?? o.Raw("topic") ?? o.GetString("kafka.topic") ?? "default-flume-topic").Trim(),
            BatchSize = Math.Max(1, batchSize),
            UseFlumeEventFormat = o.GetBool("useFlumeEventFormat", false),
            DefaultPartitionId = o.Raw("defaultPartitionId") is not null ? o.GetInt("defaultPartitionId", 0) : null,
            PartitionIdHeader = o.Raw("partitionIdHeader"),
            AllowTopicOverride = o.GetBool("allowTopicOverride", true),
            TopicHeader = o.GetString("topicHeader") ?? "topic",
            TimestampHeader = o.Raw("timestampHeader"),
            HeaderMap = headerMap,
            Producer = producer,
            Warnings = warnings,
        };
    }
}
