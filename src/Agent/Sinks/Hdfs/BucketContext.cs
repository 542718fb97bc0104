namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>
/// How a sink expands its templates: zone for the time escapes (null = this machine's zone, like Flume's JVM default),
/// optional round-down, and whether the agent clock replaces the <c>timestamp</c> header.
/// </summary>
public readonly record struct BucketContext
{
    /// <summary>Zone for rounding and formatting; null = <see cref="TimeZoneInfo.Local"/>.</summary>
    public TimeZoneInfo? TimeZone { get; init; }

    public bool Round { get; init; }

    /// <summary>Round to a multiple of this many units of the calendar field; ≤ 0 counts as 1, as in Flume.</summary>
    public int RoundValue { get; init; }

    public BucketRoundUnit RoundUnit { get; init; }

    /// <summary>Use <see cref="Clock"/> instead of the <c>timestamp</c> header (the header is then ignored).</summary>
    public bool UseLocalTimeStamp { get; init; }

    /// <summary>Epoch milliseconds; null = the system clock.</summary>
    public Func<long>? Clock { get; init; }

    /// <summary>
    /// <c>second</c>, <c>minute</c> or <c>hour</c>, case-insensitive; anything else null (Flume then warns and does not round).
    /// </summary>
    public static BucketRoundUnit? ParseRoundUnit(string? unit) =>
        unit?.ToLowerInvariant() switch
        {
            "second" => BucketRoundUnit.Second,
            "minute" => BucketRoundUnit.Minute,
            "hour" => BucketRoundUnit.Hour,
            _ => null,
        };
}
