namespace FlumeNet.Agent.Hdfs.Formats;

/// <summary>
/// Resolves <c>hdfs.codeC</c> the way Flume's <c>HDFSEventSink.getCodec</c> does: a codec matches its full class name
/// (exactly), its simple class name, or its simple name minus <c>Codec</c> (both case-insensitively), so
/// <c>gzip</c>, <c>GzipCodec</c> and <c>org.apache.hadoop.io.compress.GzipCodec</c> are one codec. <c>None</c> means
/// no codec. Codecs Hadoop knows but FlumeNet cannot write fail with <see cref="NotSupportedException"/>.
/// </summary>
public static class CompressionCodecs
{
    // Hadoop 3's service-loader order, the order of Flume's "Please choose from" list.
    private static readonly ICompressionCodec[] Codecs =
    [
        BZip2Codec.Instance, DefaultCodec.Default, DefaultCodec.Deflate, GzipCodec.Instance, Lz4Codec.Instance, SnappyCodec.Instance,
    ];

    private static readonly string[] UnsupportedClassNames =
    [
        "org.apache.hadoop.io.compress.ZStandardCodec", "com.hadoop.compression.lzo.LzoCodec", "com.hadoop.compression.lzo.LzopCodec",
    ];

    /// <summary>The codecs FlumeNet writes.</summary>
    public static IReadOnlyList<ICompressionCodec> Supported => Codecs;

    /// <summary>Returns the codec <paramref name="name"/> designates, or null for <c>None</c>.</summary>
    /// <exception cref="NotSupportedException">A Hadoop codec FlumeNet cannot write (zstandard, lzo, lzop).</exception>
    /// <exception cref="ArgumentException">No codec has that name.</exception>
    public static ICompressionCodec? Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ICompressionCodec? found = null;
        foreach (var codec in Codecs)
        {
            if (Matches(codec.ClassName, name))
            {
                found = codec;
            }
        }
        if (found is not null)
        {
            return found;
        }
        if (name.Equals("None", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        foreach (var className in UnsupportedClassNames)
        {
            if (Matches(className, name))
            {
                throw new NotSupportedException(
                    $"Compression codec {name} ({className}) is not supported by FlumeNet.  Please choose from: {Choices()}");
            }
        }
        throw new ArgumentException($"Unsupported compression codec {name}.  Please choose from: {Choices()}", nameof(name));
    }

    internal static bool Matches(string className, string name)
    {
        if (className.Equals(name, StringComparison.Ordinal))
        {
            return true;
        }
        var simple = className.AsSpan(className.LastIndexOf('.') + 1);
        return simple.Equals(name, StringComparison.OrdinalIgnoreCase)
            || (simple.EndsWith("Codec", StringComparison.Ordinal) && simple[..^"Codec".Length].Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    private static string Choices() => "[None, " + string.Join(", ", Array.ConvertAll(Codecs, c => c.SimpleName)) + "]";
}
