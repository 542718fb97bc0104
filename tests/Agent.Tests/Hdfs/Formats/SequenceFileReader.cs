using System.Buffers.Binary;
using System.Text;

namespace FlumeNet.Agent.Tests.Hdfs.Formats;

internal sealed record SequenceFileRecord(long Offset, long Key, byte[] Value);

internal sealed class SequenceFileContents
{
    public required string KeyClass { get; init; }

    public required string ValueClass { get; init; }

    public required bool Compressed { get; init; }

    public required bool BlockCompressed { get; init; }

    public string? CodecClass { get; init; }

    public required byte[] SyncMarker { get; init; }

    public required int HeaderLength { get; init; }

    public List<SequenceFileRecord> Records { get; } = [];

    public List<long> SyncOffsets { get; } = [];

    public List<int> BlockRecordCounts { get; } = [];
}

/// <summary>
/// A SequenceFile v6 parser written from the format description (reference §4.1–4.2), independent of the writer:
/// header, uncompressed records, sync entries, and BLOCK-compressed blocks decoded by <see cref="CodecDecoders"/>.
/// </summary>
internal static class SequenceFileReader
{
    public static SequenceFileContents Read(byte[] file)
    {
        var pos = 0;
        Assert.Equal("SEQ"u8.ToArray(), file[..3]);
        Assert.Equal(6, file[3]);
        pos = 4;
        var keyClass = ReadText(file, ref pos);
        var valueClass = ReadText(file, ref pos);
        var compressed = ReadBool(file, ref pos);
        var blockCompressed = ReadBool(file, ref pos);
        var codec = compressed ? ReadText(file, ref pos) : null;
        var metadata = ReadInt(file, ref pos);
        for (var i = 0; i < metadata; i++)
        {
            ReadText(file, ref pos);
            ReadText(file, ref pos);
        }
        var contents = new SequenceFileContents
        {
            KeyClass = keyClass,
            ValueClass = valueClass,
            Compressed = compressed,
            BlockCompressed = blockCompressed,
            CodecClass = codec,
            SyncMarker = file[pos..(pos + 16)],
            HeaderLength = pos + 16,
        };
        pos += 16;
        while (pos < file.Length)
        {
            var start = pos;
            var length = ReadInt(file, ref pos);
            if (length == -1)
            {
                Assert.Equal(contents.SyncMarker, file[pos..(pos + 16)]);
                pos += 16;
                contents.SyncOffsets.Add(start);
                if (blockCompressed)
                {
                    ReadBlock(file, ref pos, contents);
                }
                continue;
            }
            Assert.False(blockCompressed, $"a block-compressed file has a record outside a block at {start}");
            var keyLength = ReadInt(file, ref pos);
            Assert.Equal(8, keyLength);
            var key = BinaryPrimitives.ReadInt64BigEndian(file.AsSpan(pos));
            pos += 8;
            var valueBytes = file[pos..(start + 8 + length)];
            pos = start + 8 + length;
            contents.Records.Add(new SequenceFileRecord(start, key, DecodeValue(valueClass, valueBytes)));
        }
        Assert.Equal(file.Length, pos);
        return contents;
    }

    /// <summary>WritableUtils.readVLong, from the description of the encoding.</summary>
    public static long ReadVLong(ReadOnlySpan<byte> data, ref int pos)
    {
        var first = (sbyte)data[pos++];
        if (first >= -112)
        {
            return first;
        }
        var negative = first < -120;
        var n = negative ? -(first + 120) : -(first + 112);
        long value = 0;
        for (var i = 0; i < n; i++)
        {
            value = (value << 8) | data[pos++];
        }
        return negative ? ~value : value;
    }

    private static void ReadBlock(byte[] file, ref int pos, SequenceFileContents contents)
    {
        var records = (int)ReadVLong(file, ref pos);
        var keyLengths = ReadCompressed(file, ref pos, contents.CodecClass!);
        var keys = ReadCompressed(file, ref pos, contents.CodecClass!);
        var valueLengths = ReadCompressed(file, ref pos, contents.CodecClass!);
        var values = ReadCompressed(file, ref pos, contents.CodecClass!);
        int kl = 0, k = 0, vl = 0, v = 0;
        for (var i = 0; i < records; i++)
        {
            var keyLength = (int)ReadVLong(keyLengths, ref kl);
            Assert.Equal(8, keyLength);
            var key = BinaryPrimitives.ReadInt64BigEndian(keys.AsSpan(k));
            k += keyLength;
            var valueLength = (int)ReadVLong(valueLengths, ref vl);
            contents.Records.Add(new SequenceFileRecord(-1, key, DecodeValue(contents.ValueClass, values[v..(v + valueLength)])));
            v += valueLength;
        }
        Assert.Equal(keyLengths.Length, kl);
        Assert.Equal(keys.Length, k);
        Assert.Equal(valueLengths.Length, vl);
        Assert.Equal(values.Length, v);
        contents.BlockRecordCounts.Add(records);
    }

    // Each of the four buffers is one complete codec stream of its own.
    private static byte[] ReadCompressed(byte[] file, ref int pos, string codec)
    {
        var length = (int)ReadVLong(file, ref pos);
        var members = CodecDecoders.Members(codec, file[pos..(pos + length)]);
        pos += length;
        Assert.Single(members);
        return members[0];
    }

    private static byte[] DecodeValue(string valueClass, byte[] bytes)
    {
        var pos = 0;
        int length;
        if (valueClass == "org.apache.hadoop.io.BytesWritable")
        {
            length = ReadInt(bytes, ref pos);
        }
        else
        {
            Assert.Equal("org.apache.hadoop.io.Text", valueClass);
            length = (int)ReadVLong(bytes, ref pos);
        }
        Assert.Equal(bytes.Length - pos, length);
        return bytes[pos..];
    }

    private static string ReadText(byte[] data, ref int pos)
    {
        var length = (int)ReadVLong(data, ref pos);
        var text = Encoding.UTF8.GetString(data, pos, length);
        pos += length;
        return text;
    }

    private static bool ReadBool(byte[] data, ref int pos) => data[pos++] != 0;

    private static int ReadInt(byte[] data, ref int pos)
    {
        var value = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(pos));
        pos += 4;
        return value;
    }
}
