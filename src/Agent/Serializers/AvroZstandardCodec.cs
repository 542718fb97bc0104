using Avro.File;
using ZstdSharp;

namespace FlumeNet.Agent.Serializers;

/// <summary>
/// Avro's <c>zstandard</c> block codec, which Apache.Avro only has in a separate package: each block is one Zstandard
/// frame at level 3 without a checksum (what Flume's <c>CodecFactory.fromString("zstandard")</c> writes), so every
/// Avro reader decodes it; the bytes need not equal Java's.
/// </summary>
public sealed class AvroZstandardCodec : Codec
{
    public const string Name = "zstandard";
    private const int Level = 3;

    // Avro calls a codec from the writer's thread only; one compressor per codec keeps its tables.
    private readonly Compressor _compressor = new(Level);

    public override byte[] Compress(byte[] uncompressedData)
    {
        ArgumentNullException.ThrowIfNull(uncompressedData);
        return _compressor.Wrap(uncompressedData).ToArray();
    }

    public override void Compress(MemoryStream inputStream, MemoryStream outputStream)
    {
        ArgumentNullException.ThrowIfNull(inputStream);
        ArgumentNullException.ThrowIfNull(outputStream);
        ReadOnlySpan<byte> input = inputStream.TryGetBuffer(out var segment) ? segment.AsSpan() : inputStream.ToArray();
        var compressed = _compressor.Wrap(input);
        // Apache.Avro hands the same output stream for every block without emptying it.
        outputStream.SetLength(0);
        outputStream.Write(compressed);
    }

    public override byte[] Decompress(byte[] compressedData, int length)
    {
        ArgumentNullException.ThrowIfNull(compressedData);
        using var decompressor = new Decompressor();
        return decompressor.Unwrap(compressedData.AsSpan(0, length)).ToArray();
    }

    public override string GetName() => Name;

    public override bool Equals(object? other) => other is AvroZstandardCodec;

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}
