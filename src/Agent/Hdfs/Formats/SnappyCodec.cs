using Snappier;

namespace FlumeNet.Agent.Hdfs.Formats;

/// <summary>Hadoop's SnappyCodec: raw snappy blocks in Hadoop's block framing (not the snappy framing format).</summary>
public sealed class SnappyCodec : ICompressionCodec, IBlockCompressor
{
    // io.compression.codec.snappy.buffersize default, and SnappyCodec's overhead allowance (bufferSize / 6 + 32).
    private const int BufferSize = 256 * 1024;

    private SnappyCodec()
    {
    }

    public static SnappyCodec Instance { get; } = new();

    public string ClassName => "org.apache.hadoop.io.compress.SnappyCodec";

    public string SimpleName => "SnappyCodec";

    public string DefaultExtension => ".snappy";

    /// <summary>218422 bytes with Hadoop's defaults.</summary>
    int IBlockCompressor.MaxInputSize => BufferSize - ((BufferSize / 6) + 32);

    public CompressionOutputStream CreateOutputStream(Stream output) => new BlockCompressorStream(output, this);

    int IBlockCompressor.MaxCompressedLength(int inputLength) => Snappy.GetMaxCompressedLength(inputLength);

    int IBlockCompressor.Compress(ReadOnlySpan<byte> input, Span<byte> output) => Snappy.Compress(input, output);
}
