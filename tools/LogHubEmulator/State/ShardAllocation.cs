namespace FlumeNet.Tools.LogHubEmulator.State;

/// <summary>The per-group state of a shard (reference §7.2).</summary>
internal enum ShardAllocation
{
    /// <summary>Free: the next heartbeat hands it to the least loaded consumer.</summary>
    NotAlloc,

    /// <summary>Held by <see cref="ShardAssignment.Holder"/>.</summary>
    AlreadyAlloc,

    /// <summary>With <c>order</c>: a parent shard is not yet fully consumed.</summary>
    Wait,

    /// <summary>Moving from the holder to <see cref="ShardAssignment.Next"/>; the holder must drop it.</summary>
    Transfer,

    /// <summary>A readonly shard whose checkpoint reached its end.</summary>
    Over,
}

/// <summary>Where one shard stands in one consumer group.</summary>
internal sealed class ShardAssignment
{
    public ShardAllocation State { get; set; }

    public string? Holder { get; set; }

    public string? Next { get; set; }

    public void Free()
    {
        State = ShardAllocation.NotAlloc;
        Holder = null;
        Next = null;
    }
}

/// <summary>A saved checkpoint of one shard.</summary>
internal sealed record CheckpointEntry(string Cursor, long UpdateTimeMicros, string Consumer);
