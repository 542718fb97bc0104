using FlumeNet.Tools.WebHdfsEmulator.Protocol;

namespace FlumeNet.Tools.WebHdfsEmulator.Namespace;

/// <summary>A validated, normalised absolute HDFS path ("/" or "/a/b", no empty, "." or ".." components).</summary>
internal sealed record HdfsPath
{
    public static readonly HdfsPath Root = new("/", []);

    private readonly string[] _segments;

    private HdfsPath(string value, string[] segments)
    {
        Value = value;
        _segments = segments;
    }

    public string Value { get; }

    public bool IsRoot => _segments.Length == 0;

    /// <summary>Last component; empty for the root.</summary>
    public string Name => IsRoot ? string.Empty : _segments[^1];

    public HdfsPath? Parent => IsRoot ? null : FromSegments(_segments[..^1]);

    public IReadOnlyList<string> Segments => _segments;

    /// <summary>
    /// Parses a decoded path. Repeated and trailing slashes are dropped as Hadoop's Path does; components that
    /// HDFS refuses (".", "..", anything with ':' or NUL) fail with InvalidPathException, as the NameNode does.
    /// </summary>
    public static HdfsPath Parse(string raw)
    {
        var parts = raw.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            if (part is "." or ".." || part.Contains(':', StringComparison.Ordinal) || part.Contains('\0', StringComparison.Ordinal))
            {
                throw new HdfsError(JavaExceptionType.InvalidPath, $"Invalid path name Invalid file name: {raw}");
            }
        }
        return FromSegments(parts);
    }

    public HdfsPath Child(string name) => FromSegments([.. _segments, name]);

    /// <summary>True when this path is strictly below <paramref name="ancestor"/>.</summary>
    public bool IsUnder(HdfsPath ancestor) =>
        _segments.Length > ancestor._segments.Length && _segments.AsSpan(0, ancestor._segments.Length).SequenceEqual(ancestor._segments);

    /// <summary>Rewrites the <paramref name="from"/> prefix of this path (itself or an ancestor) to <paramref name="to"/>.</summary>
    public HdfsPath Rebase(HdfsPath from, HdfsPath to) =>
        FromSegments([.. to._segments, .. _segments.AsSpan(from._segments.Length)]);

    /// <summary>The local file or folder under <paramref name="root"/> that holds this path.</summary>
    public string ToLocal(string root) => IsRoot ? root : Path.Combine([root, .. _segments]);

    /// <summary>The path with each component percent-encoded, for building URLs.</summary>
    public string ToUrlPath() => IsRoot ? "/" : "/" + string.Join('/', _segments.Select(Uri.EscapeDataString));

    public bool Equals(HdfsPath? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;

    private static HdfsPath FromSegments(string[] segments) =>
        segments.Length == 0 ? Root : new HdfsPath("/" + string.Join('/', segments), segments);
}
