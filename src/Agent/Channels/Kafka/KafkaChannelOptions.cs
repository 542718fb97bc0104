namespace FlumeNet.Agent.Channels.Kafka;

/// <summary>The Kafka channel's options after legacy-key translation (reference §8.3).</summary>
internal sealed record KafkaChannelOptions
{
    public required string Topic { get; init; }

    public required string GroupId { get; init; }

    public bool ParseAsFlumeEvent { get; init; } = true;

    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    public int? DefaultPartitionId { get; init; }

    public string? PartitionIdHeader { get; init; }

    public required Dictionary<string, string> Producer { get; init; }

    public required Dictionary<string, string> Consumer { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];
}
