using ICSharpCode.SharpZipLib.BZip2;

namespace FlumeNet.Agent.Hdfs.Formats;

/// <summary>Hadoop's BZip2Codec: each member a complete bzip2 stream (<c>BZh9</c>, 900 KB blocks, Hadoop's default).</summary>
public sealed class BZip2Codec : ICompressionCodec
{
    private const int BlockSize = 9;

    private BZip2Codec()
    {
    }

    public static BZip2Codec Instance { get; } = new();

    public string ClassName => "org.apache.hadoop.io.compress.BZip2Codec";

    public string SimpleName => "BZip2Codec";

    public string DefaultExtension => ".bz2";

    // SharpZipLib writes a proper empty stream itself, so no constant is needed.
    public CompressionOutputStream CreateOutputStream(Stream output) =>
        new StreamingMemberStream(output, static o => new BZip2OutputStream(o, BlockSize) { IsStreamOwner = false }, emptyMember: null);
}
