namespace FlumeNet.Tools.KafkaEmulator.Groups;

/// <summary>One member of a consumer group, with the join or sync call it is waiting on during a rebalance.</summary>
internal sealed class GroupMember
{
    public GroupMember(string id, string clientId, string? instanceId)
    {
        Id = id;
        ClientId = clientId;
        InstanceId = instanceId;
    }

    public string Id { get; }

    public string ClientId { get; }

    public string? InstanceId { get; }

    public int SessionTimeoutMs { get; set; }

    public int RebalanceTimeoutMs { get; set; }

    public IReadOnlyList<(string Name, byte[] Metadata)> Protocols { get; set; } = [];

    public DateTime LastSeen { get; set; }

    public byte[] Assignment { get; set; } = [];

    public TaskCompletionSource<JoinResult>? PendingJoin { get; set; }

    public TaskCompletionSource<SyncResult>? PendingSync { get; set; }

    public byte[]? MetadataFor(string protocol)
    {
        foreach (var (name, metadata) in Protocols)
        {
            if (name == protocol)
            {
                return metadata;
            }
        }
        return null;
    }
}

internal sealed record JoinResult(
    short Error,
    int Generation,
    string Protocol,
    string Leader,
    string MemberId,
    IReadOnlyList<(string MemberId, string? InstanceId, byte[] Metadata)> Members);

internal sealed record SyncResult(short Error, byte[] Assignment);
