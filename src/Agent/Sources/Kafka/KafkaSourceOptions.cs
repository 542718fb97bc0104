namespace FlumeNet.Agent.Sources.Kafka;

/// <summary>The Kafka source's options after legacy-key translation (reference §8.1).</summary>
internal sealed record KafkaSourceOptions
{
    /// <summary>Topics to subscribe to; empty when <see cref="TopicPattern"/> is used.</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>A librdkafka pattern subscription (starts with '^'), from <c>kafka.topics.regex</c>.</summary>
    public string? TopicPattern { get; init; }

    public required string GroupId { get; init; }

    public int BatchSize { get; init; } = 1000;

    public TimeSpan BatchDuration { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan BackoffSleepIncrement { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoffSleep { get; init; } = TimeSpan.FromSeconds(5);

    public bool UseFlumeEventFormat { get; init; }

    public bool SetTopicHeader { get; init; } = true;

    public string TopicHeader { get; init; } = "topic";

    /// <summary>Kafka record header → Flume header (<c>header.&lt;flume&gt; = &lt;kafka&gt;</c>).</summary>
    public IReadOnlyList<(string Flume, string Kafka)> HeaderMap { get; init; } = [];

    public required Dictionary<string, string> Consumer { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];
}
