using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FlumeNet.Agent.LogHub;
using FlumeNet.Agent.Sources.LogHub;
using Google.Protobuf;

namespace FlumeNet.Agent.Tests.LogHub;

/// <summary>
/// The hand-written JSON body (per-group tail, strings copied when the encoder leaves them alone) gives exactly the
/// bytes of <see cref="Utf8JsonWriter"/> with the relaxed encoder, the way the format was first written: random logs
/// with quotes, control characters, non-ASCII, emoji, invalid UTF-8, embedded JSON, duplicate and reserved keys,
/// several groups with their own tags, every flag combination.
/// </summary>
public sealed class JsonLogBodyFormatEquivalenceTests
{
    private static readonly byte[][] Pieces =
    [
        "a"u8.ToArray(), "seq"u8.ToArray(), "message 12 served xxxx"u8.ToArray(), "\""u8.ToArray(), "\\"u8.ToArray(), [0x00], [0x1F], [0x7F], "\n\t\r"u8.ToArray(),
        "<>&+`'"u8.ToArray(), "é"u8.ToArray(), "中文"u8.ToArray(), "😀"u8.ToArray(), "\u2028"u8.ToArray(), "\uFEFF"u8.ToArray(), [0xFF], [0xC0, 0x80], [0x80], [0xE4, 0xB8],
        "null"u8.ToArray(), "{\"x\":[1,2]}"u8.ToArray(), " [1] "u8.ToArray(), "{bad}"u8.ToArray(), "__time__"u8.ToArray(), "__source__"u8.ToArray(), "__topic__"u8.ToArray(),
        "__tag__:k"u8.ToArray(), []
    ];

    [Fact]
    public void RandomLogs_EveryFlagCombination_SameBytesAsUtf8JsonWriter()
    {
        var random = new Random(12345);
        var compared = 0;
        for (var flags = 0; flags < 32; flags++)
        {
            var format = new JsonLogBodyFormat
            {
                TimeAsField = (flags & 1) != 0, TagAsField = (flags & 2) != 0, SourceAsField = (flags & 4) != 0, TopicAsField = (flags & 8) != 0, EmbedJson = (flags & 16) != 0,
            };
            var oracle = new OracleFormat(format.TimeAsField, format.TagAsField, format.SourceAsField, format.TopicAsField, format.EmbedJson);
            for (var list = 0; list < 40; list++)
            {
                // Half the lists repeat their keys from log to log, as logstores do (the format caches them).
                var bytes = RandomList(random, sharedKeys: list % 2 == 1);
                var visitor = new Compare(format, oracle);
                LogGroupListDecoder.Decode(bytes, bytes.Length, new LogRecord(), visitor);
                compared += visitor.Count;
            }
        }
        Assert.True(compared > 1000, $"only {compared} logs compared");
    }

    [Fact]
    public void NoContentsAndNoTime_TailStartsWithoutComma()
    {
        var format = new JsonLogBodyFormat { TopicAsField = true, SourceAsField = true };
        var oracle = new OracleFormat(false, false, true, true, false);
        var bytes = List(Group([], [], "t", "s"), Group([Log(1, [])], [], "t2", "s2"));
        var visitor = new Compare(format, oracle);
        LogGroupListDecoder.Decode(bytes, bytes.Length, new LogRecord(), visitor);
        Assert.Equal(1, visitor.Count);
        Assert.Equal("""{"__source__":"s2","__topic__":"t2"}""", visitor.Last);
    }

    private static byte[] RandomList(Random random, bool sharedKeys)
    {
        var groups = new List<byte[]>();
        for (var g = random.Next(1, 4); g > 0; g--)
        {
            var logs = new List<byte[]>();
            var keys = new byte[random.Next(0, 5)][];
            for (var k = 0; k < keys.Length; k++)
            {
                keys[k] = Text(random);
            }
            for (var l = random.Next(0, 8); l > 0; l--)
            {
                var contents = new List<(byte[], byte[])>();
                if (sharedKeys && random.Next(4) != 0)
                {
                    foreach (var key in keys)
                    {
                        contents.Add((key, Text(random)));
                    }
                }
                else
                {
                    for (var c = random.Next(0, 5); c > 0; c--)
                    {
                        contents.Add((Text(random), Text(random)));
                    }
                }
                logs.Add(Log((uint)random.Next(0, int.MaxValue), contents));
            }
            var tags = new List<(byte[], byte[])>();
            for (var t = random.Next(0, 3); t > 0; t--)
            {
                tags.Add((Text(random), Text(random)));
            }
            groups.Add(Group(logs, tags, Encoding.UTF8.GetString(Text(random)), Encoding.UTF8.GetString(Text(random))));
        }
        return List([.. groups]);
    }

    private static byte[] Text(Random random)
    {
        var text = new List<byte>();
        for (var n = random.Next(0, 4); n > 0; n--)
        {
            text.AddRange(Pieces[random.Next(Pieces.Length)]);
        }
        return [.. text];
    }

    private static byte[] Log(uint time, List<(byte[] Key, byte[] Value)> contents)
    {
        using var ms = new MemoryStream();
        var o = new CodedOutputStream(ms);
        o.WriteTag(1, WireFormat.WireType.Varint);
        o.WriteUInt32(time);
        foreach (var (k, v) in contents)
        {
            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(Pair(k, v)));
        }
        o.Flush();
        return ms.ToArray();
    }

    private static byte[] Pair(byte[] key, byte[] value)
    {
        using var ms = new MemoryStream();
        var o = new CodedOutputStream(ms);
        o.WriteTag(1, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(key));
        o.WriteTag(2, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(value));
        o.Flush();
        return ms.ToArray();
    }

    private static byte[] Group(List<byte[]> logs, List<(byte[] Key, byte[] Value)> tags, string topic, string source)
    {
        using var ms = new MemoryStream();
        var o = new CodedOutputStream(ms);
        foreach (var log in logs)
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(log));
        }
        o.WriteTag(3, WireFormat.WireType.LengthDelimited);
        o.WriteString(topic);
        o.WriteTag(4, WireFormat.WireType.LengthDelimited);
        o.WriteString(source);
        foreach (var (k, v) in tags)
        {
            o.WriteTag(6, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(Pair(k, v)));
        }
        o.Flush();
        return ms.ToArray();
    }

    private static byte[] List(params byte[][] groups)
    {
        using var ms = new MemoryStream();
        var o = new CodedOutputStream(ms);
        foreach (var g in groups)
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(g));
        }
        o.Flush();
        return ms.ToArray();
    }

    private sealed class Compare(JsonLogBodyFormat format, OracleFormat oracle) : ILogRecordVisitor
    {
        private readonly ArrayBufferWriter<byte> _actual = new();
        private readonly ArrayBufferWriter<byte> _expected = new();

        public int Count { get; private set; }

        public string? Last { get; private set; }

        public void Visit(LogRecord record)
        {
            _actual.ResetWrittenCount();
            _expected.ResetWrittenCount();
            format.Write(record, "0", _actual);
            oracle.Write(record, _expected);
            Assert.Equal(Convert.ToHexString(_expected.WrittenSpan), Convert.ToHexString(_actual.WrittenSpan));
            Last = Encoding.UTF8.GetString(_actual.WrittenSpan);
            Count++;
        }
    }

    /// <summary>The format as first written, on <see cref="Utf8JsonWriter"/>: the reference for the bytes.</summary>
    private sealed class OracleFormat(bool time, bool tags, bool source, bool topic, bool embed)
    {
        private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

        public void Write(LogRecord record, IBufferWriter<byte> output)
        {
            using var w = new Utf8JsonWriter(output, Options);
            w.WriteStartObject();
            for (var i = 0; i < record.ContentCount; i++)
            {
                if (Overridden(record, i))
                {
                    continue;
                }
                var value = record.Value(i);
                if (embed && Embedded(w, record.Key(i), value))
                {
                    continue;
                }
                w.WriteString(record.Key(i), value);
            }
            if (time)
            {
                Span<byte> digits = stackalloc byte[10];
                Utf8Formatter.TryFormat(record.Time, digits, out var n);
                w.WriteString("__time__"u8, digits[..n]);
            }
            if (tags)
            {
                for (var i = 0; i < record.TagCount; i++)
                {
                    w.WriteString([.. "__tag__:"u8, .. record.TagKey(i)], record.TagValue(i));
                }
            }
            if (source)
            {
                w.WriteString("__source__"u8, record.Source);
            }
            if (topic)
            {
                w.WriteString("__topic__"u8, record.Topic);
            }
            w.WriteEndObject();
            w.Flush();
        }

        private bool Overridden(LogRecord record, int i)
        {
            var key = record.Key(i);
            for (var j = i + 1; j < record.ContentCount; j++)
            {
                if (record.Key(j).SequenceEqual(key))
                {
                    return true;
                }
            }
            return (time && key.SequenceEqual("__time__"u8)) || (source && key.SequenceEqual("__source__"u8)) || (topic && key.SequenceEqual("__topic__"u8));
        }

        private static bool Embedded(Utf8JsonWriter w, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            if (value.SequenceEqual("null"u8))
            {
                return true;
            }
            var trimmed = value.Trim(" \t\r\n"u8);
            if (trimmed.Length < 2 || !((trimmed[0] == '{' && trimmed[^1] == '}') || (trimmed[0] == '[' && trimmed[^1] == ']')))
            {
                return false;
            }
            try
            {
                var reader = new Utf8JsonReader(trimmed);
                reader.Read();
                reader.Skip();
                if (reader.Read())
                {
                    return false;
                }
            }
            catch (JsonException)
            {
                return false;
            }
            w.WritePropertyName(key);
            w.WriteRawValue(trimmed, skipInputValidation: true);
            return true;
        }
    }
}
