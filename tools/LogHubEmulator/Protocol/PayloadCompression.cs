using System.Globalization;
using System.IO.Compression;
using K4os.Compression.LZ4;

namespace FlumeNet.Tools.LogHubEmulator.Protocol;

/// <summary>The body encodings of reference §5: raw LZ4 block, zlib ("deflate") or none.</summary>
internal static class PayloadCompression
{
    public const string Lz4 = "lz4";
    public const string Deflate = "deflate";

    /// <summary>The largest uncompressed PutLogs body the emulator accepts (the service's 10 MB limit, with headroom).</summary>
    public const int MaxRawSize = 32 * 1024 * 1024;

    /// <summary>Decodes a request body according to <c>x-log-compresstype</c> and <c>x-log-bodyrawsize</c>.</summary>
    public static byte[] Decompress(string? compressType, string? rawSizeHeader, byte[] body)
    {
        if (string.IsNullOrEmpty(compressType))
        {
            return body;
        }

        switch (compressType.Trim().ToLowerInvariant())
        {
            case Lz4:
                var rawSize = ParseRawSize(rawSizeHeader);
                var raw = new byte[rawSize];
                var decoded = rawSize == 0 && body.Length == 0 ? 0 : LZ4Codec.Decode(body, raw);
                if (decoded != rawSize)
                {
                    throw new LogHubException(400, "PostBodyUncompressError", $"lz4 body does not decode to x-log-bodyrawsize {rawSize} bytes");
                }

                return raw;
            case Deflate:
                try
                {
                    using var input = new ZLibStream(new MemoryStream(body), CompressionMode.Decompress);
                    using var output = new MemoryStream();
                    var buffer = new byte[81920];
                    int read;
                    while ((read = input.Read(buffer)) > 0)
                    {
                        output.Write(buffer, 0, read);
                        if (output.Length > MaxRawSize)
                        {
                            throw new LogHubException(400, "PostBodyTooLarge", $"deflate body expands beyond {MaxRawSize} bytes");
                        }
                    }

                    return output.ToArray();
                }
                catch (InvalidDataException e)
                {
                    throw new LogHubException(400, "PostBodyUncompressError", $"deflate body is not a zlib stream: {e.Message}");
                }

            default:
                throw new LogHubException(400, "InvalidCompressType", $"compress type '{compressType}' is not supported (lz4, deflate)");
        }
    }

    /// <summary>Compresses a response body in the first of the client's <c>Accept-Encoding</c> types that is supported.</summary>
    public static (byte[] Body, string? CompressType) CompressFor(string? acceptEncoding, byte[] raw)
    {
        if (raw.Length == 0 || string.IsNullOrWhiteSpace(acceptEncoding))
        {
            return (raw, null);
        }

        foreach (var item in acceptEncoding.Split(','))
        {
            var name = item.Split(';')[0].Trim().ToLowerInvariant();
            if (name == Lz4)
            {
                var target = new byte[LZ4Codec.MaximumOutputSize(raw.Length)];
                var length = LZ4Codec.Encode(raw, target, LZ4Level.L00_FAST);
                return (target[..length], Lz4);
            }

            if (name == Deflate)
            {
                using var output = new MemoryStream();
                using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
                {
                    zlib.Write(raw);
                }

                return (output.ToArray(), Deflate);
            }
        }

        return (raw, null);
    }

    private static int ParseRawSize(string? header)
    {
        if (!int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw LogHubErrors.ParameterInvalid($"x-log-bodyrawsize '{header}' is required for lz4 and must be a non-negative integer");
        }

        if (size > MaxRawSize)
        {
            throw new LogHubException(400, "PostBodyTooLarge", $"x-log-bodyrawsize {size} exceeds {MaxRawSize} bytes");
        }

        return size;
    }
}
