using System.IO.Compression;
using K4os.Compression.LZ4;

namespace FlumeNet.LogHubEmulator.Tests.Infrastructure;

/// <summary>The tests' own lz4 (raw block) and deflate (zlib) codecs.</summary>
public static class TestCompression
{
    public static byte[] Compress(string? type, byte[] raw)
    {
        switch (type)
        {
            case null:
                return raw;
            case "lz4":
                var target = new byte[LZ4Codec.MaximumOutputSize(raw.Length)];
                var length = LZ4Codec.Encode(raw, target);
                return target[..length];
            case "deflate":
                using (var output = new MemoryStream())
                {
                    using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
                    {
                        zlib.Write(raw);
                    }

                    return output.ToArray();
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "unknown compression");
        }
    }

    public static byte[] Decompress(string? type, byte[] body, int rawSize)
    {
        switch (type)
        {
            case null:
                return body;
            case "lz4":
                var raw = new byte[rawSize];
                Assert.Equal(rawSize, LZ4Codec.Decode(body, raw));
                return raw;
            case "deflate":
                using (var input = new ZLibStream(new MemoryStream(body), CompressionMode.Decompress))
                using (var output = new MemoryStream())
                {
                    input.CopyTo(output);
                    return output.ToArray();
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "unknown compression");
        }
    }
}
