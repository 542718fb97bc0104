using System.Buffers.Binary;
using ICSharpCode.SharpZipLib.Zip.Compression;

namespace FlumeNet.Agent.Hdfs.Formats;

/// <summary>
/// Where the last complete unit of a file ends, so a crash leftover's torn tail can be cut off before it is published:
/// a line (text serializers), a SequenceFile record, sync entry or block, a gzip member or zlib stream. Each returns
/// the length of the longest prefix made of whole units, or null when the file does not have the expected layout.
/// </summary>
public static class CompleteUnits
{
    /// <summary>After the last <c>'\n'</c>; 0 when there is none.</summary>
    public static long? Lines(ReadOnlySpan<byte> file) => file.LastIndexOf((byte)'\n') + 1;

    /// <summary>A SequenceFile (version 6): the header, then whole records, sync entries or compressed blocks.</summary>
    public static long? SequenceFile(ReadOnlySpan<byte> file)
    {
        try
        {
            var pos = 0;
            if (file.Length < 4 || !file[..3].SequenceEqual("SEQ"u8) || file[3] != 6)
            {
                return null;
            }
            pos = 4;
            SkipText(file, ref pos);
            SkipText(file, ref pos);
            var compressed = file[pos++] != 0;
            var blockCompressed = file[pos++] != 0;
            if (compressed)
            {
                SkipText(file, ref pos);
            }
            var metadata = ReadInt(file, ref pos);
            for (var i = 0; i < metadata; i++)
            {
                SkipText(file, ref pos);
                SkipText(file, ref pos);
            }
            var sync = file.Slice(pos, 16);
            pos += 16;
            long complete = pos;
            while (pos < file.Length)
            {
                var length = ReadInt(file, ref pos);
                if (length == -1)
                {
                    if (!file.Slice(pos, 16).SequenceEqual(sync))
                    {
                        return complete;
                    }
                    pos += 16;
                    if (blockCompressed)
                    {
                        ReadVLong(file, ref pos);
                        for (var buffer = 0; buffer < 4; buffer++)
                        {
                            var size = ReadVLong(file, ref pos);
                            if (size < 0 || pos + size > file.Length)
                            {
                                return complete;
                            }
                            pos += (int)size;
                        }
                    }
                }
                else
                {
                    var keyLength = ReadInt(file, ref pos);
                    if (blockCompressed || length < keyLength || keyLength < 0 || pos + (long)length > file.Length)
                    {
                        return complete;
                    }
                    pos += length;
                }
                complete = pos;
            }
            return complete;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
        catch (IndexOutOfRangeException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>Whole gzip members (one per flush in a CompressedStream file).</summary>
    public static long? GzipMembers(ReadOnlySpan<byte> file)
    {
        byte[]? array = null;
        long complete = 0;
        var pos = 0;
        while (pos < file.Length)
        {
            var start = pos;
            if (file.Length - pos < 10 || file[pos] != 0x1f || file[pos + 1] != 0x8b || file[pos + 2] != 8)
            {
                return start == 0 ? null : complete;
            }
            var flags = file[pos + 3];
            pos += 10;
            if ((flags & 4) != 0)
            {
                if (file.Length - pos < 2)
                {
                    return complete;
                }
                pos += 2 + BinaryPrimitives.ReadUInt16LittleEndian(file[pos..]);
            }
            for (var bit = 8; bit <= 16; bit <<= 1)
            {
                if ((flags & bit) != 0)
                {
                    var end = pos < file.Length ? file[pos..].IndexOf((byte)0) : -1;
                    if (end < 0)
                    {
                        return complete;
                    }
                    pos += end + 1;
                }
            }
            if ((flags & 2) != 0)
            {
                pos += 2;
            }
            var used = Inflate(array ??= file.ToArray(), pos, noHeader: true);
            if (used < 0 || pos + used + 8 > file.Length)
            {
                return complete;
            }
            pos += used + 8;
            complete = pos;
        }
        return complete;
    }

    /// <summary>Whole zlib streams (DefaultCodec / DeflateCodec members).</summary>
    public static long? ZlibMembers(ReadOnlySpan<byte> file)
    {
        byte[]? array = null;
        long complete = 0;
        var pos = 0;
        while (pos < file.Length)
        {
            var used = Inflate(array ??= file.ToArray(), pos, noHeader: false);
            if (used < 0)
            {
                return complete;
            }
            pos += used;
            complete = pos;
        }
        return complete;
    }

    // Bytes of one deflate (or zlib) stream starting at offset, or -1 when it does not end within the file.
    private static int Inflate(byte[] file, int offset, bool noHeader)
    {
        if (offset >= file.Length)
        {
            return -1;
        }
        var inflater = new Inflater(noHeader);
        inflater.SetInput(file, offset, file.Length - offset);
        var sink = new byte[64 * 1024];
        try
        {
            while (!inflater.IsFinished)
            {
                if (inflater.Inflate(sink) == 0 && (inflater.IsNeedingInput || inflater.IsNeedingDictionary))
                {
                    return -1;
                }
            }
        }
        catch (ICSharpCode.SharpZipLib.SharpZipBaseException)
        {
            return -1;
        }
        return file.Length - offset - inflater.RemainingInput;
    }

    private static int ReadInt(ReadOnlySpan<byte> file, ref int pos)
    {
        var value = BinaryPrimitives.ReadInt32BigEndian(file.Slice(pos, 4));
        pos += 4;
        return value;
    }

    private static void SkipText(ReadOnlySpan<byte> file, ref int pos)
    {
        var length = ReadVLong(file, ref pos);
        pos += checked((int)length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pos, file.Length, nameof(file));
    }

    // Hadoop's WritableUtils.readVLong.
    private static long ReadVLong(ReadOnlySpan<byte> file, ref int pos)
    {
        var first = (sbyte)file[pos++];
        if (first >= -112)
        {
            return first;
        }
        var negative = first < -120;
        var size = negative ? -119 - first : -111 - first;
        long value = 0;
        for (var i = 1; i < size; i++)
        {
            value = (value << 8) | file[pos++];
        }
        return negative ? ~value : value;
    }
}
