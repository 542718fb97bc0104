namespace FlumeNet.Agent.Sources.Taildir;

/// <summary>One file group: its name, the pattern (an absolute directory and a file-name regex) and its static headers.</summary>
internal sealed record TaildirFileGroup(string Name, string Pattern, IReadOnlyDictionary<string, string> Headers);

/// <summary>The taildir source's validated options (reference §6.1).</summary>
internal sealed record TaildirSourceOptions
{
    public required IReadOnlyList<TaildirFileGroup> FileGroups { get; init; }

    public required string PositionFile { get; init; }

    public bool ByteOffsetHeader { get; init; }

    public bool SkipToEnd { get; init; }

    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMilliseconds(120000);

    public TimeSpan WritePosInterval { get; init; } = TimeSpan.FromMilliseconds(3000);

    /// <summary>Delay of the first position-file write: writePosInterval (Flume waits a fixed 5 s, so a crash soon after a start re-sent everything read since).</summary>
    public TimeSpan? WritePosInitialDelay { get; init; }

    /// <summary>Period of the idle check (Flume's fixed 5 s; the first check comes after <see cref="IdleTimeout"/>).</summary>
    public TimeSpan IdleCheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    public int BatchSize { get; init; } = 100;

    public long MaxBatchCount { get; init; } = long.MaxValue;

    public TimeSpan BackoffSleepIncrement { get; init; } = TimeSpan.FromMilliseconds(1000);

    public TimeSpan MaxBackoffSleep { get; init; } = TimeSpan.FromMilliseconds(5000);

    public bool CachePatternMatching { get; init; } = true;

    /// <summary>The header for the file's absolute path; null without <c>fileHeader</c>.</summary>
    public string? FileHeaderKey { get; init; }

    /// <summary>How long a stop waits for the sinks to store what was read, so the final positions include it.</summary>
    public TimeSpan StopDrainTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
