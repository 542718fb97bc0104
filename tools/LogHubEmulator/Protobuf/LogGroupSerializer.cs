using Google.Protobuf;

namespace FlumeNet.Tools.LogHubEmulator.Protobuf;

/// <summary>
/// Writes <c>LogGroup</c> and <c>LogGroupList</c> bytes (reference §4). Empty strings and <c>Time = 0</c> are
/// emitted, as proto2 requires for required fields.
/// </summary>
public static class LogGroupSerializer
{
    private const uint LengthDelimitedField1 = 0x0a;

    public static byte[] SerializeGroup(LogGroupRecord group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var buffer = new byte[GroupSize(group)];
        var output = new CodedOutputStream(buffer);
        WriteGroup(output, group);
        output.Flush();
        output.CheckNoSpaceLeft();
        return buffer;
    }

    /// <summary>A <c>LogGroupList</c> made of already serialized <c>LogGroup</c>s, each as field 1.</summary>
    public static byte[] SerializeGroupList(IReadOnlyList<byte[]> serializedGroups)
    {
        ArgumentNullException.ThrowIfNull(serializedGroups);
        var buffer = new byte[GroupListSize(serializedGroups)];
        var position = 0;
        foreach (var group in serializedGroups)
        {
            buffer[position++] = (byte)LengthDelimitedField1;
            position += WriteVarint(buffer.AsSpan(position), (uint)group.Length);
            group.CopyTo(buffer, position);
            position += group.Length;
        }

        return buffer;
    }

    /// <summary>Bytes of the <c>LogGroupList</c> that <see cref="SerializeGroupList"/> would make of these groups.</summary>
    public static long GroupListSize(IReadOnlyList<byte[]> serializedGroups)
    {
        ArgumentNullException.ThrowIfNull(serializedGroups);
        var size = 0L;
        foreach (var group in serializedGroups)
        {
            size += 1 + CodedOutputStream.ComputeLengthSize(group.Length) + group.Length;
        }

        return size;
    }

    private static int WriteVarint(Span<byte> target, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            target[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        target[i++] = (byte)value;
        return i;
    }

    private static int GroupSize(LogGroupRecord group)
    {
        var size = 0;
        foreach (var log in group.Logs)
        {
            size += Delimited(LogSize(log));
        }

        size += OptionalString(group.Category) + OptionalString(group.Topic) + OptionalString(group.Source) + OptionalString(group.MachineUuid);
        foreach (var tag in group.TagList)
        {
            size += Delimited(PairSize(tag));
        }

        return size;
    }

    private static int LogSize(LogRecord log)
    {
        var size = 1 + CodedOutputStream.ComputeUInt32Size(log.Time);
        foreach (var content in log.Contents)
        {
            size += Delimited(PairSize(content));
        }

        return log.TimeNs is null ? size : size + 1 + 4;
    }

    private static int PairSize(KeyValuePair<string, string> pair) =>
        1 + CodedOutputStream.ComputeStringSize(pair.Key) + 1 + CodedOutputStream.ComputeStringSize(pair.Value);

    private static int OptionalString(string? value) => value is null ? 0 : 1 + CodedOutputStream.ComputeStringSize(value);

    private static int Delimited(int size) => 1 + CodedOutputStream.ComputeLengthSize(size) + size;

    private static void WriteGroup(CodedOutputStream output, LogGroupRecord group)
    {
        foreach (var log in group.Logs)
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteLength(LogSize(log));
            WriteLog(output, log);
        }

        WriteOptional(output, 2, group.Category);
        WriteOptional(output, 3, group.Topic);
        WriteOptional(output, 4, group.Source);
        WriteOptional(output, 5, group.MachineUuid);
        foreach (var tag in group.TagList)
        {
            output.WriteTag(6, WireFormat.WireType.LengthDelimited);
            WritePair(output, tag);
        }
    }

    private static void WriteLog(CodedOutputStream output, LogRecord log)
    {
        output.WriteTag(1, WireFormat.WireType.Varint);
        output.WriteUInt32(log.Time);
        foreach (var content in log.Contents)
        {
            output.WriteTag(2, WireFormat.WireType.LengthDelimited);
            WritePair(output, content);
        }

        if (log.TimeNs is { } nanos)
        {
            output.WriteTag(4, WireFormat.WireType.Fixed32);
            output.WriteFixed32(nanos);
        }
    }

    private static void WritePair(CodedOutputStream output, KeyValuePair<string, string> pair)
    {
        output.WriteLength(PairSize(pair));
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteString(pair.Key);
        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteString(pair.Value);
    }

    private static void WriteOptional(CodedOutputStream output, int field, string? value)
    {
        if (value is not null)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteString(value);
        }
    }
}
