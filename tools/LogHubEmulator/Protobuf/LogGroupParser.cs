using System.Runtime.InteropServices;
using System.Text;
using FlumeNet.Tools.LogHubEmulator.Protocol;
using Google.Protobuf;

namespace FlumeNet.Tools.LogHubEmulator.Protobuf;

/// <summary>
/// Parses <c>LogGroup</c> and <c>LogGroupList</c> with proto2 rules: required fields must be present
/// (<c>Log.Time</c>, <c>Content.Key/Value</c>, <c>LogTag.Key/Value</c>), unknown fields are skipped,
/// strings must be UTF-8. Failures are LogHub errors (<c>PostBodyInvalid</c>, <c>InvalidEncoding</c>).
/// </summary>
public static class LogGroupParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static LogGroupRecord ParseGroup(byte[] data) => Guard(() => ReadGroup(new CodedInputStream(data)));

    public static IReadOnlyList<LogGroupRecord> ParseGroupList(byte[] data) => Guard(() =>
    {
        var input = new CodedInputStream(data);
        var groups = new List<LogGroupRecord>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag == WireFormat.MakeTag(1, WireFormat.WireType.LengthDelimited))
            {
                groups.Add(ReadGroup(Nested(input)));
            }
            else
            {
                input.SkipLastField();
            }
        }

        return (IReadOnlyList<LogGroupRecord>)groups;
    });

    private static T Guard<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (InvalidProtocolBufferException e)
        {
            throw LogHubErrors.PostBodyInvalid($"body is not a valid LogGroup: {e.Message}");
        }
        catch (DecoderFallbackException)
        {
            throw new LogHubException(400, "InvalidEncoding", "a string of the LogGroup is not valid UTF-8");
        }
    }

    private static LogGroupRecord ReadGroup(CodedInputStream input)
    {
        var logs = new List<LogRecord>();
        var tags = new List<KeyValuePair<string, string>>();
        string? category = null, topic = null, source = null, machine = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: logs.Add(ReadLog(Nested(Expect(input, tag)))); break;
                case 2: category = ReadString(Expect(input, tag)); break;
                case 3: topic = ReadString(Expect(input, tag)); break;
                case 4: source = ReadString(Expect(input, tag)); break;
                case 5: machine = ReadString(Expect(input, tag)); break;
                case 6: tags.Add(ReadPair(Nested(Expect(input, tag)), "LogTag")); break;
                default: input.SkipLastField(); break;
            }
        }

        return new LogGroupRecord(logs, topic, source, tags, category, machine);
    }

    private static LogRecord ReadLog(CodedInputStream input)
    {
        uint? time = null, timeNs = null;
        var contents = new List<KeyValuePair<string, string>>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case 8: time = input.ReadUInt32(); break; // field 1, varint
                case 18: contents.Add(ReadPair(Nested(input), "Log.Content")); break; // field 2, length-delimited
                case 37: timeNs = input.ReadFixed32(); break; // field 4, fixed32
                default:
                    if (WireFormat.GetTagFieldNumber(tag) is 1 or 2 or 4)
                    {
                        throw LogHubErrors.PostBodyInvalid($"Log field {WireFormat.GetTagFieldNumber(tag)} has the wrong wire type");
                    }

                    input.SkipLastField();
                    break;
            }
        }

        return time is null
            ? throw LogHubErrors.PostBodyInvalid("required field Log.Time is missing")
            : new LogRecord(time.Value, contents, timeNs);
    }

    private static KeyValuePair<string, string> ReadPair(CodedInputStream input, string message)
    {
        string? key = null, value = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: key = ReadString(Expect(input, tag)); break;
                case 2: value = ReadString(Expect(input, tag)); break;
                default: input.SkipLastField(); break;
            }
        }

        if (key is null || value is null)
        {
            throw LogHubErrors.PostBodyInvalid($"required field {message}.{(key is null ? "Key" : "Value")} is missing");
        }

        return new KeyValuePair<string, string>(key, value);
    }

    private static CodedInputStream Expect(CodedInputStream input, uint tag)
    {
        if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
        {
            throw LogHubErrors.PostBodyInvalid($"field {WireFormat.GetTagFieldNumber(tag)} has the wrong wire type");
        }

        return input;
    }

    private static CodedInputStream Nested(CodedInputStream input)
    {
        var bytes = input.ReadBytes();
        return MemoryMarshal.TryGetArray(bytes.Memory, out var segment) && segment.Array is not null
            ? new CodedInputStream(segment.Array, segment.Offset, segment.Count)
            : new CodedInputStream(bytes.ToByteArray());
    }

    private static string ReadString(CodedInputStream input) => StrictUtf8.GetString(input.ReadBytes().Span);
}
