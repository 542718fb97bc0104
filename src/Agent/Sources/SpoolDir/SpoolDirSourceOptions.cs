using System.Text;
using System.Text.RegularExpressions;

namespace FlumeNet.Agent.Sources.SpoolDir;

internal enum SpoolTrackingPolicy
{
    Rename,
    TrackerDir,
}

internal enum SpoolConsumeOrder
{
    Oldest,
    Youngest,
    Random,
}

internal enum SpoolDeserializerKind
{
    Line,
    Avro,
    Blob,
}

/// <summary>The spooling directory source's validated options (reference §7.1, §7.2).</summary>
internal sealed record SpoolDirSourceOptions
{
    /// <summary>As configured (trailing separators removed): the meta file's <c>file</c> paths are built from it, as Flume builds them.</summary>
    public required string SpoolDir { get; init; }

    public string FileSuffix { get; init; } = ".COMPLETED";

    public bool DeleteImmediately { get; init; }

    /// <summary>Header for the absolute path; null without <c>fileHeader</c>.</summary>
    public string? FileHeaderKey { get; init; }

    /// <summary>Header for the file name; null without <c>basenameHeader</c>.</summary>
    public string? BasenameHeaderKey { get; init; }

    public Regex IncludePattern { get; init; } = new(@"\A(?:^.*$)\z", RegexOptions.CultureInvariant);

    public Regex IgnorePattern { get; init; } = new(@"\A(?:^$)\z", RegexOptions.CultureInvariant);

    /// <summary>Absolute (a relative <c>trackerDir</c> is resolved inside the spool directory).</summary>
    public required string TrackerDir { get; init; }

    public SpoolTrackingPolicy TrackingPolicy { get; init; }

    public SpoolConsumeOrder ConsumeOrder { get; init; }

    public TimeSpan PollDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public bool RecursiveDirectorySearch { get; init; }

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMilliseconds(4000);

    public int BatchSize { get; init; } = 100;

    public SpoolDeserializerKind Deserializer { get; init; }

    /// <summary>LINE: the input charset, its decoder fallback set by <c>decodeErrorPolicy</c>.</summary>
    public Encoding InputCharset { get; init; } = new UTF8Encoding(false, true);

    public Encoding OutputCharset { get; init; } = new UTF8Encoding(false);

    public int MaxLineLength { get; init; } = 2048;

    public bool AvroLiteralSchema { get; init; }

    public long MaxBlobLength { get; init; } = 100_000_000;

    /// <summary>How long a stop waits for the sinks to store what was read, so files complete and the tracker is current.</summary>
    public TimeSpan StopDrainTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
