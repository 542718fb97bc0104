using K4os.Compression.LZ4;

namespace FlumeNet.Agent.Hdfs.Formats;

/// <summary>Hadoop's Lz4Codec: raw LZ4 blocks (fast mode, as <c>io.compression.codec.lz4.use.lz4hc=false</c>) in Hadoop's block framing.</summary>
public sealed class Lz4Codec : ICompressionCodec, IBlockCompressor
{
    // io.compression.codec.lz4.buffersize default, and Lz4Codec's overhead allowance (bufferSize / 255 + 16).
    private const int BufferSize = 256 * 1024;

    private Lz4Codec()
    {
    }

    public static Lz4Codec Instance { get; } = new();

    public string ClassName => "org.apache.hadoop.io.compress.Lz4Codec";

    public string SimpleName => "Lz4Codec";

    public string DefaultExtension => ".lz4";

    /// <summary>261100 bytes with Hadoop's defaults.</summary>
    int IBlockCompressor.MaxInputSize => BufferSize - ((BufferSize / 255) + 16);

    public CompressionOutputStream CreateOutputStream(Stream output) => new BlockCompressorStream(output, this);

    int IBlockCompressor.MaxCompressedLength(int inputLength) => LZ4Codec.MaximumOutputSize(inputLength);

    int IBlockCompressor.Compress(ReadOnlySpan<byte> input, Span<byte> output) => LZ4Codec.Encode(input, output, LZ4Level.L00_FAST);
}
