namespace FlumeNet.Agent.Hdfs.Formats;

/// <summary>A raw block compressor (snappy, lz4) as framed by Hadoop's <c>BlockCompressorStream</c>.</summary>
internal interface IBlockCompressor
{
    /// <summary>Hadoop's <c>bufferSize - compressionOverhead</c>: the most uncompressed bytes one chunk holds.</summary>
    int MaxInputSize { get; }

    int MaxCompressedLength(int inputLength);

    /// <summary>Compresses all of <paramref name="input"/> as one raw block; returns its length in <paramref name="output"/>.</summary>
    int Compress(ReadOnlySpan<byte> input, Span<byte> output);
}
