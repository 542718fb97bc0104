using System.Buffers.Binary;
using ICSharpCode.SharpZipLib.BZip2;
using ICSharpCode.SharpZipLib.Checksum;
using ICSharpCode.SharpZipLib.Zip.Compression;
using K4os.Compression.LZ4;
using Snappier;

namespace FlumeNet.Agent.Tests.Hdfs.Formats;

/// <summary>
/// Splits codec output into its members and decodes each with a decoder other than the one the writer used
/// (SharpZipLib's inflater for gzip/zlib, so .NET's zlib never checks its own output), from the formats' descriptions.
/// </summary>
internal static class CodecDecoders
{
    public static List<byte[]> Members(string codecClass, byte[] data) => codecClass switch
    {
        "org.apache.hadoop.io.compress.GzipCodec" => GzipMembers(data),
        "org.apache.hadoop.io.compress.DefaultCodec" or "org.apache.hadoop.io.compress.DeflateCodec" => ZlibMembers(data),
        "org.apache.hadoop.io.compress.BZip2Codec" => BZip2Members(data),
        "org.apache.hadoop.io.compress.SnappyCodec" => HadoopBlocks(data, SnappyChunk).ConvertAll(b => b.Data),
        "org.apache.hadoop.io.compress.Lz4Codec" => HadoopBlocks(data, Lz4Chunk).ConvertAll(b => b.Data),
        _ => throw new ArgumentException("no decoder for " + codecClass, nameof(codecClass)),
    };

    public static byte[] Concat(IEnumerable<byte[]> parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>RFC 1952 members: header (flags honoured), raw deflate, CRC-32 and size checked.</summary>
    public static List<byte[]> GzipMembers(byte[] data)
    {
        var members = new List<byte[]>();
        var pos = 0;
        while (pos < data.Length)
        {
            Assert.Equal(0x1f, data[pos]);
            Assert.Equal(0x8b, data[pos + 1]);
            Assert.Equal(8, data[pos + 2]);
            var flags = data[pos + 3];
            pos += 10;
            if ((flags & 4) != 0)
            {
                pos += 2 + BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(pos));
            }
            if ((flags & 8) != 0)
            {
                pos = Array.IndexOf(data, (byte)0, pos) + 1;
            }
            if ((flags & 16) != 0)
            {
                pos = Array.IndexOf(data, (byte)0, pos) + 1;
            }
            if ((flags & 2) != 0)
            {
                pos += 2;
            }
            var (payload, consumed) = Inflate(data, pos, noHeader: true);
            pos += consumed;
            var crc = new Crc32();
            crc.Update(payload);
            Assert.Equal((uint)crc.Value, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(pos)));
            Assert.Equal((uint)payload.Length, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(pos + 4)));
            pos += 8;
            members.Add(payload);
        }
        return members;
    }

    /// <summary>RFC 1950 streams back to back; the inflater checks the header and Adler-32.</summary>
    public static List<byte[]> ZlibMembers(byte[] data)
    {
        var members = new List<byte[]>();
        var pos = 0;
        while (pos < data.Length)
        {
            Assert.Equal(0x78, data[pos]);
            var (payload, consumed) = Inflate(data, pos, noHeader: false);
            pos += consumed;
            members.Add(payload);
        }
        return members;
    }

    /// <summary>Concatenated bzip2 streams; SharpZipLib's reader stops at the end of each.</summary>
    public static List<byte[]> BZip2Members(byte[] data)
    {
        var members = new List<byte[]>();
        using var input = new MemoryStream(data);
        while (input.Position < input.Length)
        {
            Assert.Equal("BZh9"u8.ToArray(), data[(int)input.Position..((int)input.Position + 4)]);
            using var reader = new BZip2InputStream(input) { IsStreamOwner = false };
            using var output = new MemoryStream();
            reader.CopyTo(output);
            members.Add(output.ToArray());
        }
        return members;
    }

    /// <summary>Hadoop BlockCompressorStream framing: int uncompressed length, then (int length, chunk)* until it is reached.</summary>
    public static List<(byte[] Data, List<int> ChunkSizes)> HadoopBlocks(byte[] data, Func<byte[], int, byte[]> decodeChunk)
    {
        var blocks = new List<(byte[], List<int>)>();
        var pos = 0;
        while (pos < data.Length)
        {
            var expected = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(pos));
            pos += 4;
            var block = new MemoryStream();
            var chunks = new List<int>();
            while (block.Length < expected)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(pos));
                pos += 4;
                var chunk = decodeChunk(data[pos..(pos + length)], expected - (int)block.Length);
                pos += length;
                chunks.Add(chunk.Length);
                block.Write(chunk);
            }
            Assert.Equal(expected, block.Length);
            blocks.Add((block.ToArray(), chunks));
        }
        return blocks;
    }

    public static byte[] SnappyChunk(byte[] chunk, int remaining) => Snappy.DecompressToArray(chunk);

    public static byte[] Lz4Chunk(byte[] chunk, int remaining)
    {
        var target = new byte[remaining];
        var length = LZ4Codec.Decode(chunk, target);
        Assert.True(length > 0, "LZ4 chunk failed to decode");
        return target[..length];
    }

    private static (byte[] Payload, int Consumed) Inflate(byte[] data, int pos, bool noHeader)
    {
        var inflater = new Inflater(noHeader);
        inflater.SetInput(data, pos, data.Length - pos);
        using var output = new MemoryStream();
        var buffer = new byte[8192];
        while (!inflater.IsFinished)
        {
            var n = inflater.Inflate(buffer);
            Assert.False(n == 0 && !inflater.IsFinished && (inflater.IsNeedingInput || inflater.IsNeedingDictionary), "truncated deflate member");
            output.Write(buffer, 0, n);
        }
        return (output.ToArray(), data.Length - pos - inflater.RemainingInput);
    }
}
