using FlumeNet.Agent.Hdfs.Formats;

namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>The HDFS sink's validated options (reference hdfs-sink.md §1), times in milliseconds.</summary>
public sealed record HdfsSinkOptions
{
    public required string Path { get; init; }

    public string FilePrefix { get; init; } = "FlumeData";

    public string FileSuffix { get; init; } = string.Empty;

    public string InUsePrefix { get; init; } = string.Empty;

    public string InUseSuffix { get; init; } = ".tmp";

    public long RollIntervalMs { get; init; } = 30_000;

    public long RollSize { get; init; } = 1024;

    public long RollCount { get; init; } = 10;

    public long IdleTimeoutMs { get; init; }

    public int BatchSize { get; init; } = 100;

    public int MaxOpenFiles { get; init; } = 5000;

    public int CloseTries { get; init; } = int.MaxValue;

    public long RetryIntervalMs { get; init; } = 180_000;

    public bool UseLocalTimeStamp { get; init; }

    public bool Round { get; init; }

    public int RoundValue { get; init; } = 1;

    public BucketRoundUnit RoundUnit { get; init; } = BucketRoundUnit.Second;

    public TimeZoneInfo? TimeZone { get; init; }

    /// <summary>Creates the format writer of one new file.</summary>
    public required Func<IHdfsWriter> WriterFactory { get; init; }

    /// <summary>The extension the codec adds when <see cref="FileSuffix"/> is empty (<c>.gz</c>), else empty.</summary>
    public string CodecExtension { get; init; } = string.Empty;

    /// <summary>What comes after the counter: the suffix if set, else the codec's extension.</summary>
    public string Extension => FileSuffix.Length > 0 ? FileSuffix : CodecExtension;
}
