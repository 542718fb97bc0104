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

    /// <summary>
    /// This sink's identity in its in-use names (<see cref="WriterIdentity"/>), so that of several writers sharing a
    /// directory and prefix each finishes only its own crash leftovers; empty: Flume's in-use names, no leftover is own.
    /// </summary>
    public string WriterTag { get; init; } = string.Empty;

    /// <summary><c>hdfs.callTimeout</c>: bounds how long a dying writer's last upload can still land in a file.</summary>
    public long CallTimeoutMs { get; init; } = 30_000;

    /// <summary>The length of a leftover's longest prefix of whole records (<c>CompleteUnits</c>), null when the format cannot tell.</summary>
    public Func<byte[], long?>? CompleteLength { get; init; }

    /// <summary>A leftover not modified for longer than this is no longer written by anyone: more than 2 × callTimeout and more than idleTimeout.</summary>
    public long LeftoverSafeAgeMs => Math.Max(2 * CallTimeoutMs, IdleTimeoutMs) + 1;

    /// <summary>
    /// On the local disk, finish own leftovers at once when this process holds the writer identity's lock
    /// (<see cref="WriterLock"/>): their writer is dead and nothing can land in them any more.
    /// </summary>
    public bool FinishLocalLeftoversAtOnce { get; init; } = true;

    /// <summary>In-use files carry a name of their own (else the file is written under its final name).</summary>
    public bool HasInUseName => InUsePrefix.Length > 0 || InUseSuffix.Length > 0;

    /// <summary>The in-use name of a final name: <c>inUsePrefix + final [+ "." + writerTag] + inUseSuffix</c>.</summary>
    public string InUseName(string finalName) =>
        !HasInUseName ? finalName : InUsePrefix + finalName + (WriterTag.Length > 0 ? "." + WriterTag : string.Empty) + InUseSuffix;

    /// <summary>True when <paramref name="name"/> is an in-use name this writer makes; gives its final name.</summary>
    public bool IsOwnInUseName(string name, out string finalName)
    {
        finalName = string.Empty;
        if (WriterTag.Length == 0 || !HasInUseName)
        {
            return false;
        }
        var tail = "." + WriterTag + InUseSuffix;
        if (name.Length <= InUsePrefix.Length + tail.Length || !name.StartsWith(InUsePrefix, StringComparison.Ordinal) || !name.EndsWith(tail, StringComparison.Ordinal))
        {
            return false;
        }
        finalName = name[InUsePrefix.Length..^tail.Length];
        return true;
    }
}
