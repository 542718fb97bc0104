using System.IO.Compression;

namespace FlumeNet.Agent.Hdfs.Formats;

/// <summary>
/// Hadoop's DefaultCodec and its subclass DeflateCodec: each member a zlib stream (RFC 1950, <c>78 9c</c> at zlib's
/// default level, as Java's Deflater writes). The two differ only in the class name a SequenceFile header records.
/// </summary>
public sealed class DefaultCodec : ICompressionCodec
{
    // zlib header, the final empty deflate block, Adler-32 of nothing (1).
    private static readonly byte[] EmptyMember = [0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01];

    private DefaultCodec(string simpleName) => SimpleName = simpleName;

    /// <summary><c>org.apache.hadoop.io.compress.DefaultCodec</c> (<c>hdfs.codeC = default</c>).</summary>
    public static DefaultCodec Default { get; } = new("DefaultCodec");

    /// <summary><c>org.apache.hadoop.io.compress.DeflateCodec</c> (<c>hdfs.codeC = deflate</c>).</summary>
    public static DefaultCodec Deflate { get; } = new("DeflateCodec");

    public string ClassName => "org.apache.hadoop.io.compress." + SimpleName;

    public string SimpleName { get; }

    public string DefaultExtension => ".deflate";

    public CompressionOutputStream CreateOutputStream(Stream output) =>
        new StreamingMemberStream(output, static o => new ZLibStream(o, CompressionLevel.Optimal, leaveOpen: true), EmptyMember);
}
