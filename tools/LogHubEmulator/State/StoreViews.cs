namespace FlumeNet.Tools.LogHubEmulator.State;

/// <summary>A shard as ListShards reports it (reference §3.1).</summary>
public sealed record LogHubShardInfo(int ShardId, string Status, string InclusiveBeginKey, string ExclusiveEndKey, long CreateTime);

/// <summary>One stored log, as the admin dump shows it: where it is, when it arrived and what it holds.</summary>
public sealed record LogHubStoredLog(
    int Shard,
    string Cursor,
    long ReceiveTimeMs,
    uint Time,
    uint? TimeNs,
    string? Topic,
    string? Source,
    IReadOnlyList<KeyValuePair<string, string>> Contents,
    IReadOnlyList<KeyValuePair<string, string>> Tags);

/// <summary>A logstore's attributes as GetLogStore reports them.</summary>
internal sealed record LogstoreInfo(string Name, int Ttl, int ShardCount, long CreateTime, long LastModifyTime);

/// <summary>A consumer group's attributes as ListConsumerGroup reports them.</summary>
internal sealed record ConsumerGroupInfo(string Name, int Timeout, bool Order);

/// <summary>One GetCheckPoint entry; an empty cursor means never checkpointed.</summary>
internal sealed record CheckpointInfo(int Shard, string Checkpoint, long UpdateTime, string Consumer);

/// <summary>The answer of PullLogs: serialized LogGroups, the next cursor and whether it is the current end.</summary>
internal sealed record PullResult(IReadOnlyList<byte[]> Groups, string NextCursor, bool EndOfCursor);
