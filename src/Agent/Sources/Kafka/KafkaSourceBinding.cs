using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Kafka;
using FlumeNet.Agent.Registry;

namespace FlumeNet.Agent.Sources.Kafka;

/// <summary>
/// Builds the Kafka source, translating Flume 1.11's legacy keys as <c>KafkaSource.translateOldProperties</c> does:
/// <c>topic</c> → <c>kafka.topics</c> (only when neither kafka.topics nor kafka.topics.regex is set), <c>groupId</c> →
/// <c>kafka.consumer.group.id</c> (the new key wins). <c>zookeeperConnect</c> alone is refused: FlumeNet does not read
/// the broker list from ZooKeeper.
/// </summary>
public static class KafkaSourceBinding
{
    public static readonly ComponentFactory Factory = new() { Source = (o, processor) => new KafkaSource(o.Name, Bind(o), processor) };

    internal static KafkaSourceOptions Bind(BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var bootstrap = o.Raw("kafka.bootstrap.servers");
        if (bootstrap is null)
        {
            throw new PermanentStartException(o.Raw("zookeeperConnect") is not null
                ? $"Kafka source '{o.Name}': FlumeNet needs kafka.bootstrap.servers; it does not read the broker list from ZooKeeper (zookeeperConnect)"
                : $"Kafka source '{o.Name}': kafka.bootstrap.servers is required");
        }
        var regex = o.Raw("kafka.topics.regex");
        var topicsText = o.Raw("kafka.topics") ?? (regex is null ? o.Raw("topic") : null);
        var topics = regex is null && topicsText is not null
            ? topicsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];
        if (regex is null && topics.Length == 0)
        {
            throw new PermanentStartException($"Kafka source '{o.Name}': set kafka.topics or kafka.topics.regex (the topics to read)");
        }
        var groupId = (o.Raw("kafka.consumer.group.id") ?? o.Raw("groupId") ?? "flume").Trim();
        var warnings = new List<string>();
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // kafka-clients 2.7 (Flume 1.11) defaults; librdkafka's session timeout would be 45 s.
            ["session.timeout.ms"] = "10000",
            ["heartbeat.interval.ms"] = "3000",
            ["auto.offset.reset"] = "latest",
        };
        var forced = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = bootstrap.Trim(),
            ["group.id"] = groupId,
            ["enable.auto.commit"] = "false",
            ["enable.auto.offset.store"] = "false",
            ["enable.partition.eof"] = "false",
        };
        var consumer = KafkaClientSettings.Translate(o.Sub("kafka.consumer."), defaults, forced, warnings);
        return new KafkaSourceOptions
        {
            Topics = topics,
            TopicPattern = regex is null ? null : (regex.StartsWith('^') ? regex : "^" + regex),
            GroupId = groupId,
            BatchSize = Math.Max(1, o.GetInt("batchSize", 1000)),
            BatchDuration = TimeSpan.FromMilliseconds(Math.Max(1, o.GetLong("batchDurationMillis", 1000))),
            BackoffSleepIncrement = TimeSpan.FromMilliseconds(Math.Max(1, o.GetLong("backoffSleepIncrement", 1000))),
            MaxBackoffSleep = TimeSpan.FromMilliseconds(Math.Max(1, o.GetLong("maxBackoffSleep", 5000))),
            UseFlumeEventFormat = o.GetBool("useFlumeEventFormat", false),
            SetTopicHeader = o.GetBool("setTopicHeader", true),
            TopicHeader = o.GetString("topicHeader") ?? "topic",
            HeaderMap = o.Sub("header.").Select(kv => (kv.Key, kv.Value.Trim())).ToList(),
            Consumer = consumer,
            Warnings = warnings,
        };
    }
}
