using System.Buffers;
using System.IO.Compression;
using K4os.Compression.LZ4;

namespace FlumeNet.Agent.LogHub;

/// <summary>LogHub's body encodings (reference §5): raw LZ4 blocks (no frame) sized by x-log-bodyrawsize, zlib deflate, none.</summary>
internal static class LogHubCompression
{
    /// <summary>The decoded body in a pooled buffer the caller returns.</summary>
    /// <exception cref="LogHubException">Unknown encoding or a body that does not decode to the announced size.</exception>
    public static (byte[] Buffer, int Length) Decompress(string call, string? compressType, ReadOnlySpan<byte> body, int rawSize)
    {
        switch (compressType)
        {
            case null or "":
                {
                    var copy = ArrayPool<byte>.Shared.Rent(Math.Max(1, body.Length));
                    body.CopyTo(copy);
                    return (copy, body.Length);
                }
            case "lz4":
                {
                    var target = ArrayPool<byte>.Shared.Rent(Math.Max(1, rawSize));
                    var n = rawSize == 0 ? 0 : LZ4Codec.Decode(body, target.AsSpan(0, rawSize));
                    if (n != rawSize)
                    {
                        ArrayPool<byte>.Shared.Return(target);
                        throw new LogHubException($"LogHub {call}: the LZ4 body ({body.Length} bytes) does not decode to the announced {rawSize} bytes");
                    }
                    return (target, n);
                }
            case "deflate":
                {
                    var target = ArrayPool<byte>.Shared.Rent(Math.Max(1, rawSize));
                    try
                    {
                        using var input = new MemoryStream(body.ToArray(), writable: false);
                        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
                        var read = 0;
                        int n;
                        while (read < rawSize && (n = zlib.Read(target, read, rawSize - read)) > 0)
                        {
                            read += n;
                        }
                        return (target, read);
                    }
                    catch (InvalidDataException ex)
                    {
                        ArrayPool<byte>.Shared.Return(target);
                        throw new LogHubException($"LogHub {call}: the deflate body does not decode: {ex.Message}", ex);
                    }
                }
            default:
                throw new LogHubException($"LogHub {call}: unsupported body encoding '{compressType}'");
        }
    }

    /// <summary>A raw LZ4 block of <paramref name="raw"/> in a pooled buffer the caller returns.</summary>
    public static (byte[] Buffer, int Length) CompressLz4(ReadOnlySpan<byte> raw)
    {
        var target = ArrayPool<byte>.Shared.Rent(LZ4Codec.MaximumOutputSize(raw.Length));
        var n = LZ4Codec.Encode(raw, target, LZ4Level.L00_FAST);
        return (target, n);
    }
}
