namespace FlumeNet.Agent.LogHub;

/// <summary>Where a shard without a saved checkpoint starts.</summary>
public enum StartPosition
{
    Begin,
    End,

    /// <summary>The first log group received at or after <see cref="ConsumerGroupOptions.StartTime"/>.</summary>
    Time,
}

/// <summary>How one consumer takes part in a consumer group (reference §7).</summary>
public sealed record ConsumerGroupOptions
{
    public required string Group { get; init; }

    /// <summary>A config filter filled the group's name in: logs show it as <c>***</c> (such values never appear).</summary>
    public bool GroupHidden { get; init; }

    public string GroupDisplay => GroupHidden ? LogHubDisplay.Mask : Group;

    /// <summary>This consumer's name, unique in the group.</summary>
    public required string Consumer { get; init; }

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Seconds after the last heartbeat at which the server frees a consumer's shards.</summary>
    public int TimeoutSeconds => (int)Math.Max(10, Math.Ceiling(HeartbeatInterval.TotalSeconds * 2));

    public bool InOrder { get; init; }

    public StartPosition Position { get; init; } = StartPosition.End;

    /// <summary>Unix seconds, for <see cref="StartPosition.Time"/>.</summary>
    public long StartTime { get; init; }

    /// <summary>An SPL filter the service applies while this group reads (aliyun-log-flume's <c>query</c>); null reads everything.</summary>
    public string? Query { get; init; }

    /// <summary>Most log groups per PullLogs (1–1000).</summary>
    public int PullCount { get; init; } = 1000;

    /// <summary>
    /// Pause after an empty pull: at least <see cref="MinIdlePause"/> (the official library waits 500 ms), growing by
    /// this much per further empty pull up to <see cref="MaxIdlePause"/>.
    /// </summary>
    public TimeSpan IdlePauseIncrement { get; init; } = TimeSpan.FromMilliseconds(1000);

    public TimeSpan MaxIdlePause { get; init; } = TimeSpan.FromMilliseconds(5000);

    public static TimeSpan MinIdlePause { get; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// About the most log-group bytes one pull reads (counted before an SPL filter): the log groups asked for follow
    /// the shard's recent bytes per log group (<see cref="PullSizer"/>). Without it a 10 MB/s shard read every
    /// <see cref="PullInterval"/> needs 17 MB LogGroupLists (32 MB pooled buffers, twice the peak RSS); 4 MiB still
    /// reads 40 MB/s a shard over a 100 ms round trip, above the service's per-shard read quota.
    /// </summary>
    public long MaxPullBytes { get; init; } = 4 << 20;

    /// <summary>
    /// Least time from the start of a pull that read fewer log groups than it asked for (counted before an SPL
    /// filter, as the service reports them) to the next pull of that shard: a slow stream is then read in pulls of
    /// this much data, each checkpointed as soon as the sinks committed it, and a crash re-reads about one pull. A
    /// pull that read all it asked for is followed at once (catching up, or a stream faster than
    /// <see cref="MaxPullBytes"/> per interval).
    /// </summary>
    public TimeSpan PullInterval { get; init; } = TimeSpan.FromSeconds(3.5);

    /// <summary>
    /// Least time between two checkpoints of one shard (the official libraries save every 30–60 s). The last stored
    /// position is also saved on release and stop, whatever the limits.
    /// </summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Checkpoints of one shard average at most one per this, whatever the pulls do (a steady stream faster than
    /// <see cref="MaxPullBytes"/> per <see cref="PullInterval"/> reads in back-to-back pulls): about 17 a minute.
    /// </summary>
    public TimeSpan CheckpointSpacing { get; init; } = TimeSpan.FromSeconds(3.5);

    /// <summary>
    /// Checkpoints that may follow each other at <see cref="CheckpointInterval"/> before <see cref="CheckpointSpacing"/>
    /// applies (the catch-up after a start, where the checkpoint should follow the sinks closely): at most
    /// 3 + 60 / 3.5, i.e. 20, in any minute.
    /// </summary>
    public int CheckpointBurst { get; init; } = 3;

    /// <summary>The pause after <paramref name="emptyPulls"/> empty pulls in a row (1 or more).</summary>
    public TimeSpan IdlePause(int emptyPulls)
    {
        var first = IdlePauseIncrement > MinIdlePause ? IdlePauseIncrement : MinIdlePause;
        var max = MaxIdlePause > first ? MaxIdlePause : first;
        var pause = first + (IdlePauseIncrement * Math.Min(emptyPulls - 1, 1000));
        return pause > max ? max : pause;
    }

    /// <summary>Longest pause between retries of a throttled or failing shard.</summary>
    public TimeSpan MaxRetryPause { get; init; } = TimeSpan.FromSeconds(10);

    public string PositionText => Position switch
    {
        StartPosition.Begin => "begin",
        StartPosition.End => "end",
        _ => StartTime.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// What the consumer does with each pull: hand its logs on, and tell when they are safely stored downstream. Only
/// then is the checkpoint advanced past them. Calls for different shards may overlap.
/// </summary>
public interface IShardBatchHandler
{
    /// <returns>
    /// Once every log is handed on: a check that says whether they are stored for good (it turns true once and stays
    /// true); null when it gave up because <paramref name="stopping"/> fired.
    /// </returns>
    /// <exception cref="CorruptPullException">The LogGroup list's structure does not decode; the logs before the damage were handed on.</exception>
    ValueTask<Func<bool>?> HandleAsync(int shard, PulledLogs logs, CancellationToken stopping);

    /// <summary>A LogHub call failed and will be retried (for metrics: the source cannot read meanwhile).</summary>
    void ReportFailedCall();

    /// <summary>A LogGroup list stayed undecodable and was skipped (for metrics).</summary>
    void ReportSkippedList();
}

/// <summary>A pulled LogGroup list that does not decode; <see cref="Stored"/> tells when the logs handed on before the damage are stored.</summary>
public sealed class CorruptPullException : Exception
{
    public CorruptPullException(string message, Exception inner, Func<bool> stored)
        : base(message, inner) => Stored = stored;

    public CorruptPullException()
        : this("corrupt LogGroup list", new InvalidDataException(), () => true)
    {
    }

    public CorruptPullException(string message)
        : this(message, new InvalidDataException(message), () => true)
    {
    }

    public CorruptPullException(string message, Exception inner)
        : this(message, inner, () => true)
    {
    }

    public Func<bool> Stored { get; }
}
