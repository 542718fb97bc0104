using System.Runtime.CompilerServices;

namespace FlumeNet.Agent.LogHub;

/// <summary>Receives each decoded log. The record is reused: copy what must outlive the call.</summary>
public interface ILogRecordVisitor
{
    void Visit(LogRecord record);
}

/// <summary>
/// Walks a PullLogs <c>LogGroupList</c> (reference §4) in place and hands every <c>Log</c> to a visitor, with its group's
/// topic, source and tags. Zero-copy: keys and values stay slices of the buffer, which is what lets one core decode
/// hundreds of MB/s. Unknown fields are skipped, as protobuf requires; malformed input throws <see cref="InvalidDataException"/>.
/// </summary>
public static class LogGroupListDecoder
{
    private const int VarintType = 0;
    private const int Fixed64Type = 1;
    private const int LengthType = 2;
    private const int Fixed32Type = 5;

    /// <summary>Visits every log of the list; returns the number of log groups.</summary>
    public static int Decode(byte[] buffer, int length, LogRecord record, ILogRecordVisitor visitor)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(visitor);
        var groups = 0;
        var position = 0;
        while (TryNextGroup(buffer, length, ref position, out var start, out var end))
        {
            DecodeGroup(buffer, start, end, record, visitor);
            groups++;
        }
        return groups;
    }

    /// <summary>Finds the next LogGroup of the list from <paramref name="position"/>, which moves past it.</summary>
    public static bool TryNextGroup(byte[] buffer, int length, ref int position, out int start, out int end)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        while (position < length)
        {
            var (field, type) = ReadTag(buffer, ref position, length);
            if (field == 1 && type == LengthType)
            {
                var size = ReadLength(buffer, ref position, length);
                start = position;
                end = position + size;
                position = end;
                return true;
            }
            Skip(buffer, ref position, length, type);
        }
        start = end = position;
        return false;
    }

    /// <summary>Visits every log of one LogGroup (a range found by <see cref="TryNextGroup"/>).</summary>
    public static void DecodeGroup(byte[] buffer, int start, int end, LogRecord record, ILogRecordVisitor visitor)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(visitor);
        // Logs (field 1) come before topic, source and tags on the wire, so those are gathered in a first pass.
        record.BeginGroup(buffer);
        var pos = start;
        while (pos < end)
        {
            var (field, type) = ReadTag(buffer, ref pos, end);
            if (type != LengthType)
            {
                Skip(buffer, ref pos, end, type);
                continue;
            }
            var size = ReadLength(buffer, ref pos, end);
            switch (field)
            {
                case 3:
                    record.TopicStart = pos;
                    record.TopicLength = size;
                    break;
                case 4:
                    record.SourceStart = pos;
                    record.SourceLength = size;
                    break;
                case 6:
                    var (ks, kl, vs, vl) = ReadPair(buffer, pos, pos + size);
                    record.AddTag(ks, kl, vs, vl);
                    break;
            }
            pos += size;
        }
        pos = start;
        while (pos < end)
        {
            var (field, type) = ReadTag(buffer, ref pos, end);
            if (field == 1 && type == LengthType)
            {
                var size = ReadLength(buffer, ref pos, end);
                DecodeLog(buffer, pos, pos + size, record);
                visitor.Visit(record);
                pos += size;
            }
            else
            {
                Skip(buffer, ref pos, end, type);
            }
        }
    }

    private static void DecodeLog(byte[] buffer, int start, int end, LogRecord record)
    {
        record.BeginLog();
        var pos = start;
        var hasTime = false;
        while (pos < end)
        {
            var (field, type) = ReadTag(buffer, ref pos, end);
            if (field == 1 && type == VarintType)
            {
                record.SetTime((uint)ReadVarint(buffer, ref pos, end));
                hasTime = true;
            }
            else if (field == 2 && type == LengthType)
            {
                var size = ReadLength(buffer, ref pos, end);
                var (ks, kl, vs, vl) = ReadPair(buffer, pos, pos + size);
                record.AddContent(ks, kl, vs, vl);
                pos += size;
            }
            else
            {
                Skip(buffer, ref pos, end, type);
            }
        }
        if (!hasTime)
        {
            throw new InvalidDataException("a Log has no Time (a required field)");
        }
    }

    private static (int KeyStart, int KeyLength, int ValueStart, int ValueLength) ReadPair(byte[] buffer, int start, int end)
    {
        // As every SDK writes it: the key (field 1) then the value (field 2), nothing else; anything else is read below.
        var pos = start;
        if (pos < end && buffer[pos] == 0x0A)
        {
            pos++;
            var keyLength = ReadLength(buffer, ref pos, end);
            var keyStart = pos;
            pos += keyLength;
            if (pos < end && buffer[pos] == 0x12)
            {
                pos++;
                var valueLength = ReadLength(buffer, ref pos, end);
                if (pos + valueLength == end)
                {
                    return (keyStart, keyLength, pos, valueLength);
                }
            }
        }
        return ReadPairAnyOrder(buffer, start, end);
    }

    private static (int KeyStart, int KeyLength, int ValueStart, int ValueLength) ReadPairAnyOrder(byte[] buffer, int start, int end)
    {
        int ks = start, kl = 0, vs = start, vl = 0;
        var pos = start;
        while (pos < end)
        {
            var (field, type) = ReadTag(buffer, ref pos, end);
            if (type != LengthType)
            {
                Skip(buffer, ref pos, end, type);
                continue;
            }
            var size = ReadLength(buffer, ref pos, end);
            if (field == 1)
            {
                ks = pos;
                kl = size;
            }
            else if (field == 2)
            {
                vs = pos;
                vl = size;
            }
            pos += size;
        }
        return (ks, kl, vs, vl);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Field, int Type) ReadTag(byte[] buffer, ref int pos, int end)
    {
        var tag = ReadVarint(buffer, ref pos, end);
        var field = (int)(tag >> 3);
        if (field == 0)
        {
            ThrowInvalidTag(pos);
        }
        return (field, (int)(tag & 7));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadLength(byte[] buffer, ref int pos, int end)
    {
        var size = ReadVarint(buffer, ref pos, end);
        if (size > (ulong)(end - pos))
        {
            ThrowLengthPastEnd(size, pos);
        }
        return (int)size;
    }

    private static void ThrowInvalidTag(int pos) => throw new InvalidDataException($"invalid protobuf tag at byte {pos}");

    private static void ThrowLengthPastEnd(ulong size, int pos) =>
        throw new InvalidDataException($"a length of {size} at byte {pos} runs past the end of its message");

    // Tags and most lengths are one byte: that case stays inline.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadVarint(byte[] buffer, ref int pos, int end)
    {
        if (pos < end)
        {
            var b = buffer[pos];
            if (b < 0x80)
            {
                pos++;
                return b;
            }
        }
        return ReadLongVarint(buffer, ref pos, end);
    }

    private static ulong ReadLongVarint(byte[] buffer, ref int pos, int end)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (pos >= end)
            {
                throw new InvalidDataException("a varint runs past the end of its message");
            }
            var b = buffer[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
        throw new InvalidDataException($"a varint longer than 10 bytes at byte {pos}");
    }

    private static void Skip(byte[] buffer, ref int pos, int end, int type)
    {
        switch (type)
        {
            case VarintType:
                ReadVarint(buffer, ref pos, end);
                break;
            case Fixed64Type:
                Need(pos, 8, end);
                pos += 8;
                break;
            case LengthType:
                var size = ReadLength(buffer, ref pos, end);
                pos += size;
                break;
            case Fixed32Type:
                Need(pos, 4, end);
                pos += 4;
                break;
            default:
                throw new InvalidDataException($"unsupported protobuf wire type {type} at byte {pos}");
        }
    }

    private static void Need(int pos, int count, int end)
    {
        if (end - pos < count)
        {
            throw new InvalidDataException($"a fixed-size field at byte {pos} runs past the end of its message");
        }
    }
}
