using Microsoft.Win32.SafeHandles;

namespace FlumeNet.Agent.Channels.Files;

/// <summary>The file channel's options, validated and with Flume's fallbacks applied (reference §5.1).</summary>
public sealed record FileChannelSettings
{
    public const long MaxFileSizeCap = 2146435071;

    public required string CheckpointDir { get; init; }

    public required IReadOnlyList<string> DataDirs { get; init; }

    public bool UseDualCheckpoints { get; init; }

    public string? BackupCheckpointDir { get; init; }

    public int Capacity { get; init; } = 1_000_000;

    public int TransactionCapacity { get; init; } = 10_000;

    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(30);

    public long MaxFileSize { get; init; } = MaxFileSizeCap;

    public long MinimumRequiredSpace { get; init; } = 524_288_000;

    /// <summary>How long a put commit waits for capacity (Flume's keep-alive).</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(3);

    public bool CheckpointOnClose { get; init; } = true;

    public bool FsyncPerTransaction { get; init; } = true;

    public TimeSpan FsyncInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>With fsyncPerTransaction, the longest a take commit's record stays unsynced (no Flume key).</summary>
    internal TimeSpan TakeSyncDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Log files always grow (true) or are always zero-filled ahead (false); null: measured (tests).</summary>
    internal bool? GrowLogFiles { get; init; }

    /// <summary>fdatasync of a log file (tests put failures in).</summary>
    internal Action<SafeFileHandle> DataSync { get; init; } = DiskSync.Data;
}
