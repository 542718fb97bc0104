using Avro.File;
using ICSharpCode.SharpZipLib.BZip2;

namespace FlumeNet.Agent.Serializers;

/// <summary>
/// Avro's <c>bzip2</c> block codec, which Apache.Avro only has in a separate package: each block is one complete
/// bzip2 stream, so every Avro reader decodes it; the bytes need not equal Java's. Java writes block size 9 (900 kB);
/// a smaller block is taken when the data fits in it, which compresses the same and spares SharpZipLib's large tables
/// for Avro's small blocks.
/// </summary>
public sealed class AvroBZip2Codec : Codec
{
    public const string Name = "bzip2";

    public override byte[] Compress(byte[] uncompressedData)
    {
        ArgumentNullException.ThrowIfNull(uncompressedData);
        using var output = new MemoryStream();
        using (var bzip2 = new BZip2OutputStream(output, BlockSize(uncompressedData.Length)) { IsStreamOwner = false })
        {
            bzip2.Write(uncompressedData);
        }
        return output.ToArray();
    }

    public override void Compress(MemoryStream inputStream, MemoryStream outputStream)
    {
        ArgumentNullException.ThrowIfNull(inputStream);
        ArgumentNullException.ThrowIfNull(outputStream);
        // Apache.Avro hands the same output stream for every block without emptying it.
        outputStream.SetLength(0);
        ReadOnlySpan<byte> input = inputStream.TryGetBuffer(out var segment) ? segment.AsSpan() : inputStream.ToArray();
        using var bzip2 = new BZip2OutputStream(outputStream, BlockSize(input.Length)) { IsStreamOwner = false };
        bzip2.Write(input);
    }

    public override byte[] Decompress(byte[] compressedData, int length)
    {
        ArgumentNullException.ThrowIfNull(compressedData);
        using var input = new MemoryStream(compressedData, 0, length, writable: false);
        using var bzip2 = new BZip2InputStream(input);
        using var output = new MemoryStream();
        bzip2.CopyTo(output);
        return output.ToArray();
    }

    public override string GetName() => Name;

    // bzip2's block sizes are 1–9 × 100,000 bytes.
    private static int BlockSize(int length) => Math.Clamp((length + 99_999) / 100_000, 1, 9);

    public override bool Equals(object? other) => other is AvroBZip2Codec;

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}
