namespace FlumeNet.Agent.Sinks.Kafka;

/// <summary>The Kafka sink's options after legacy-key translation (reference §8.2).</summary>
internal sealed record KafkaSinkOptions
{
    public required string Topic { get; init; }

    public int BatchSize { get; init; } = 100;

    public bool UseFlumeEventFormat { get; init; }

    public int? DefaultPartitionId { get; init; }

    public string? PartitionIdHeader { get; init; }

    public bool AllowTopicOverride { get; init; } = true;

    public string TopicHeader { get; init; } = "topic";

    public string? TimestampHeader { get; init; }

    /// <summary>Flume header → Kafka record header (<c>header.&lt;flume&gt; = &lt;kafka&gt;</c>).</summary>
    public IReadOnlyList<(string Flume, string Kafka)> HeaderMap { get; init; } = [];

    /// <summary>librdkafka producer settings (translated, with Flume's defaults and forced values).</summary>
    public required Dictionary<string, string> Producer { get; init; }

    /// <summary>Translation warnings, logged once at start.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
