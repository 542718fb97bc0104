namespace FlumeNet.Tools.LogHubEmulator.State;

/// <summary>A logstore: its shards (by id) and consumer groups (by name).</summary>
internal sealed class LogstoreState
{
    public LogstoreState(string name, int ttl, long createTime)
    {
        Name = name;
        Ttl = ttl;
        CreateTime = createTime;
        LastModifyTime = createTime;
    }

    public string Name { get; }

    public int Ttl { get; }

    public long CreateTime { get; }

    public long LastModifyTime { get; set; }

    public SortedDictionary<int, ShardState> Shards { get; } = [];

    public SortedDictionary<string, ConsumerGroupState> ConsumerGroups { get; } = new(StringComparer.Ordinal);

    /// <summary>Round-robin position of load-balanced PutLogs.</summary>
    public int NextWriteShard { get; set; }

    public int NextShardId => Shards.Count == 0 ? 0 : Shards.Keys.Max() + 1;
}
