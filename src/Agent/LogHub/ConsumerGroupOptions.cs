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

    /// <summary>This consumer's name, unique in the group.</summary>
    public required string Consumer { get; init; }

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Seconds after the last heartbeat at which the server frees a consumer's shards.</summary>
    public int TimeoutSeconds => (int)Math.Max(10, Math.Ceiling(HeartbeatInterval.TotalSeconds * 2));

    public bool InOrder { get; init; }

    public StartPosition Position { get; init; } = StartPosition.End;

    /// <summary>Unix seconds, for <see cref="StartPosition.Time"/>.</summary>
    public long StartTime { get; init; }

    /// <summary>Most log groups per PullLogs (1–1000).</summary>
    public int PullCount { get; init; } = 1000;

    /// <summary>First pause when a shard has no new data; grows by this much per empty pull up to <see cref="MaxIdlePause"/>.</summary>
    public TimeSpan IdlePauseIncrement { get; init; } = TimeSpan.FromMilliseconds(1000);

    public TimeSpan MaxIdlePause { get; init; } = TimeSpan.FromMilliseconds(5000);

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
    ValueTask<Func<bool>?> HandleAsync(int shard, PulledLogs logs, CancellationToken stopping);
}
