namespace FlumeNet.Agent.LogHub;

/// <summary>A shard as ListShards describes it; <see cref="ReadWrite"/> is false once it was split or merged.</summary>
public sealed record ShardInfo(int ShardId, bool ReadWrite, string InclusiveBeginKey, string ExclusiveEndKey);

/// <summary>A consumer group's saved position in one shard; <see cref="Cursor"/> is empty when never saved.</summary>
public sealed record ShardCheckpoint(int ShardId, string Cursor);
