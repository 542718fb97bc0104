namespace FlumeNet.Tools.LogHubEmulator.Http;

/// <summary>Names of the LogHub operations, as used by statistics and fault rules.</summary>
public static class Operations
{
    public const string CreateProject = nameof(CreateProject);
    public const string GetProject = nameof(GetProject);
    public const string DeleteProject = nameof(DeleteProject);
    public const string ListLogStores = nameof(ListLogStores);
    public const string CreateLogStore = nameof(CreateLogStore);
    public const string GetLogStore = nameof(GetLogStore);
    public const string DeleteLogStore = nameof(DeleteLogStore);
    public const string ListShards = nameof(ListShards);
    public const string SplitShard = nameof(SplitShard);
    public const string MergeShards = nameof(MergeShards);
    public const string GetCursor = nameof(GetCursor);
    public const string GetCursorTime = nameof(GetCursorTime);
    public const string PullLogs = nameof(PullLogs);
    public const string PutLogs = nameof(PutLogs);
    public const string ListConsumerGroup = nameof(ListConsumerGroup);
    public const string CreateConsumerGroup = nameof(CreateConsumerGroup);
    public const string UpdateConsumerGroup = nameof(UpdateConsumerGroup);
    public const string DeleteConsumerGroup = nameof(DeleteConsumerGroup);
    public const string HeartBeat = nameof(HeartBeat);
    public const string UpdateCheckPoint = nameof(UpdateCheckPoint);
    public const string GetCheckPoint = nameof(GetCheckPoint);

    /// <summary>A request that matches no LogHub call.</summary>
    public const string Unknown = nameof(Unknown);
}
