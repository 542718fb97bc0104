using Avro.File;
using ICSharpCode.SharpZipLib.BZip2;

namespace FlumeNet.Agent.Serializers;

/// <summary>
/// Avro's <c>bzip2</c> block codec, which Apache.Avro only has in a separate package: each block is one complete
/// bzip2 stream (block size 9, as Java's BZip2CompressorOutputStream writes), so every Avro reader decodes it; the
/// bytes need not equal Java's.
/// </summary>
public sealed class AvroBZip2Codec : Codec
{
    public const string Name = "bzip2";

    public override byte[] Compress(byte[] uncompressedData)
    {
        ArgumentNullException.ThrowIfNull(uncompressedData);
        using var output = new MemoryStream();
        using (var bzip2 = new BZip2OutputStream(output, 9) { IsStreamOwner = false })
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
        using var bzip2 = new BZip2OutputStream(outputStream, 9) { IsStreamOwner = false };
        if (inputStream.TryGetBuffer(out var segment))
        {
            bzip2.Write(segment.AsSpan());
        }
        else
        {
            bzip2.Write(inputStream.ToArray());
        }
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

    public override bool Equals(object? other) => other is AvroBZip2Codec;

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}
