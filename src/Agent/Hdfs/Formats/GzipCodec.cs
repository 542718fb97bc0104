using System.IO.Compression;

namespace FlumeNet.Agent.Hdfs.Formats;

/// <summary>Hadoop's GzipCodec: each member a complete gzip stream (RFC 1952), as <c>zcat</c> and Hadoop read concatenated.</summary>
public sealed class GzipCodec : ICompressionCodec
{
    // Header (no name, mtime 0, OS unix), the final empty deflate block, CRC32 0 and size 0.
    private static readonly byte[] EmptyMember = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];

    private GzipCodec()
    {
    }

    public static GzipCodec Instance { get; } = new();

    public string ClassName => "org.apache.hadoop.io.compress.GzipCodec";

    public string SimpleName => "GzipCodec";

    public string DefaultExtension => ".gz";

    public CompressionOutputStream CreateOutputStream(Stream output) =>
        new StreamingMemberStream(output, static o => new GZipStream(o, CompressionLevel.Optimal, leaveOpen: true), EmptyMember);
}
