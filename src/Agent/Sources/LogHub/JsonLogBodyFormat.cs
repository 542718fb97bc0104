using System.Buffers;
using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FlumeNet.Agent.LogHub;

namespace FlumeNet.Agent.Sources.LogHub;

/// <summary>
/// A JSON object of the log's contents in their order (reference §8.1), optionally followed by <c>__time__</c> (seconds,
/// as a string), <c>__tag__:key</c> per tag, <c>__source__</c> and <c>__topic__</c>. Non-ASCII text stays UTF-8. With
/// <see cref="EmbedJson"/> a value that is a JSON object or array is embedded as JSON and the value <c>null</c> is
/// left out, as aliyun-log-flume's JSON deserializer does. The EMR source uses this format with all four fields.
/// The bytes are those of <see cref="Utf8JsonWriter"/> with the relaxed encoder (a test holds them equal); they are
/// written by hand because a log's tags, source and topic are its group's, so their part is built once per group,
/// and a string the encoder leaves alone (nearly all) is copied as it is.
/// </summary>
internal sealed class JsonLogBodyFormat : ILogBodyFormat
{
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = Encoder, SkipValidation = true };
    private static readonly byte[] TimeKey = "__time__"u8.ToArray();
    private static readonly byte[] SourceKey = "__source__"u8.ToArray();
    private static readonly byte[] TopicKey = "__topic__"u8.ToArray();
    private static readonly byte[] TagPrefix = "__tag__:"u8.ToArray();
    private static readonly byte[] TimeField = "\"__time__\":\""u8.ToArray();
    private readonly ArrayBufferWriter<byte> _escaped = new(256);
    private byte[] _out = new byte[1024];
    private byte[] _tail = new byte[256];
    private int _tailLength;
    private long _tailGroup = -1;
    private Utf8JsonWriter? _escaper;

    // The last log's keys (logs of a logstore mostly repeat them in the same order): each raw, whether a later
    // field overrides it, and its JSON form with the colon, so a repeat needs no escaping check and no duplicate search.
    private byte[] _rawKeys = new byte[256];
    private byte[] _jsonKeys = new byte[256];
    private int[] _keyAt = new int[64];
    private bool[] _overridden = new bool[16];
    private int _keyCount = -1;

    public bool TimeAsField { get; init; }

    public bool TagAsField { get; init; }

    public bool SourceAsField { get; init; }

    public bool TopicAsField { get; init; }

    public bool EmbedJson { get; init; }

    /// <summary>The EMR source's body: every content, then __time__, the tags, __source__ and __topic__.</summary>
    public static JsonLogBodyFormat Emr() => new() { TimeAsField = true, TagAsField = true, SourceAsField = true, TopicAsField = true };

    public void Write(LogRecord record, string timestamp, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(_out.AsSpan(0, Build(record)));
    }

    public byte[] ToBody(LogRecord record, string timestamp, ArrayBufferWriter<byte> scratch) => _out.AsSpan(0, Build(record)).ToArray();

    /// <returns>The length of the body built in <see cref="_out"/>.</returns>
    private int Build(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        LearnKeys(record);
        var n = 0;
        Put(ref _out, ref n, (byte)'{');
        var fields = 0;
        for (var i = 0; i < record.ContentCount; i++)
        {
            if (_overridden[i])
            {
                continue;
            }
            var value = record.Value(i);
            if (EmbedJson && TryWriteEmbedded(ref n, ref fields, i, value))
            {
                continue;
            }
            if (fields++ > 0)
            {
                Put(ref _out, ref n, (byte)',');
            }
            Put(ref _out, ref n, JsonKey(i));
            WriteString(ref _out, ref n, value);
        }
        if (TimeAsField)
        {
            if (fields++ > 0)
            {
                Put(ref _out, ref n, (byte)',');
            }
            Reserve(ref _out, n, TimeField.Length + 11);
            TimeField.CopyTo(_out, n);
            n += TimeField.Length;
            Utf8Formatter.TryFormat(record.Time, _out.AsSpan(n), out var d);
            n += d;
            _out[n++] = (byte)'"';
        }
        if (record.GroupSerial != _tailGroup)
        {
            BuildTail(record);
        }
        if (_tailLength > 0)
        {
            // The tail's fields each start with a comma; the first is dropped when nothing came before.
            var skip = fields == 0 ? 1 : 0;
            Put(ref _out, ref n, _tail.AsSpan(skip, _tailLength - skip));
        }
        Put(ref _out, ref n, (byte)'}');
        return n;
    }

    /// <summary>The tags, source and topic fields of the record's group, each with its leading comma.</summary>
    private void BuildTail(LogRecord record)
    {
        var n = 0;
        if (TagAsField)
        {
            Span<byte> name = stackalloc byte[256];
            for (var i = 0; i < record.TagCount; i++)
            {
                var key = record.TagKey(i);
                var full = TagPrefix.Length + key.Length <= name.Length ? name[..(TagPrefix.Length + key.Length)] : new byte[TagPrefix.Length + key.Length];
                TagPrefix.CopyTo(full);
                key.CopyTo(full[TagPrefix.Length..]);
                WriteField(ref _tail, ref n, 1, full, record.TagValue(i));
            }
        }
        if (SourceAsField)
        {
            WriteField(ref _tail, ref n, 1, SourceKey, record.Source);
        }
        if (TopicAsField)
        {
            WriteField(ref _tail, ref n, 1, TopicKey, record.Topic);
        }
        _tailLength = n;
        _tailGroup = record.GroupSerial;
    }

    private void WriteField(ref byte[] buffer, ref int n, int index, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (index > 0)
        {
            Put(ref buffer, ref n, (byte)',');
        }
        WriteString(ref buffer, ref n, key);
        Put(ref buffer, ref n, (byte)':');
        WriteString(ref buffer, ref n, value);
    }

    /// <summary>A JSON string: the text as it is when the encoder would leave it so, else escaped by <see cref="Utf8JsonWriter"/> itself.</summary>
    private void WriteString(ref byte[] buffer, ref int n, ReadOnlySpan<byte> text)
    {
        if (Encoder.FindFirstCharacterToEncodeUtf8(text) < 0)
        {
            Reserve(ref buffer, n, text.Length + 2);
            buffer[n++] = (byte)'"';
            text.CopyTo(buffer.AsSpan(n));
            n += text.Length;
            buffer[n++] = (byte)'"';
            return;
        }
        _escaped.ResetWrittenCount();
        var w = _escaper;
        if (w is null)
        {
            w = _escaper = new Utf8JsonWriter(_escaped, WriterOptions);
        }
        else
        {
            w.Reset(_escaped);
        }
        w.WriteStringValue(text);
        w.Flush();
        Put(ref buffer, ref n, _escaped.WrittenSpan);
    }

    /// <summary>Makes the key cache describe this record's keys (kept when they repeat the last record's).</summary>
    private void LearnKeys(LogRecord record)
    {
        var count = record.ContentCount;
        if (count == _keyCount)
        {
            var same = true;
            for (var i = 0; i < count && same; i++)
            {
                same = record.Key(i).SequenceEqual(_rawKeys.AsSpan(_keyAt[i * 4], _keyAt[(i * 4) + 1]));
            }
            if (same)
            {
                return;
            }
        }
        if (_keyAt.Length < count * 4)
        {
            _keyAt = new int[count * 8];
            _overridden = new bool[count * 2];
        }
        int raw = 0, json = 0;
        for (var i = 0; i < count; i++)
        {
            var key = record.Key(i);
            Reserve(ref _rawKeys, raw, key.Length);
            key.CopyTo(_rawKeys.AsSpan(raw));
            _keyAt[i * 4] = raw;
            _keyAt[(i * 4) + 1] = key.Length;
            raw += key.Length;
            var start = json;
            WriteString(ref _jsonKeys, ref json, key);
            Put(ref _jsonKeys, ref json, (byte)':');
            _keyAt[(i * 4) + 2] = start;
            _keyAt[(i * 4) + 3] = json - start;
            _overridden[i] = IsOverridden(record, i);
        }
        _keyCount = count;
    }

    /// <summary>Content key <paramref name="i"/> of the current record as JSON, with its colon.</summary>
    private ReadOnlySpan<byte> JsonKey(int i) => _jsonKeys.AsSpan(_keyAt[(i * 4) + 2], _keyAt[(i * 4) + 3]);

    /// <summary>The plug-in fills a map, so a key written again later (a duplicate content, or a field added after the contents) keeps only its last value.</summary>
    private bool IsOverridden(LogRecord record, int i)
    {
        var key = record.Key(i);
        for (var j = i + 1; j < record.ContentCount; j++)
        {
            if (record.Key(j).SequenceEqual(key))
            {
                return true;
            }
        }
        return key.Length >= 8 && key[0] == (byte)'_' && ((TimeAsField && key.SequenceEqual(TimeKey))
            || (SourceAsField && key.SequenceEqual(SourceKey)) || (TopicAsField && key.SequenceEqual(TopicKey)));
    }

    /// <returns>True when the value was written as JSON, or left out (<c>null</c>).</returns>
    private bool TryWriteEmbedded(ref int n, ref int fields, int keyIndex, ReadOnlySpan<byte> value)
    {
        if (value.SequenceEqual("null"u8))
        {
            return true;
        }
        var trimmed = value.Trim(" \t\r\n"u8);
        var looksJson = trimmed.Length >= 2
            && ((trimmed[0] == '{' && trimmed[^1] == '}') || (trimmed[0] == '[' && trimmed[^1] == ']'));
        if (!looksJson || !IsValidJson(trimmed))
        {
            return false;
        }
        if (fields++ > 0)
        {
            Put(ref _out, ref n, (byte)',');
        }
        Put(ref _out, ref n, JsonKey(keyIndex));
        Put(ref _out, ref n, trimmed);
        return true;
    }

    private static bool IsValidJson(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void Put(ref byte[] buffer, ref int n, byte b)
    {
        Reserve(ref buffer, n, 1);
        buffer[n++] = b;
    }

    private static void Put(ref byte[] buffer, ref int n, ReadOnlySpan<byte> bytes)
    {
        Reserve(ref buffer, n, bytes.Length);
        bytes.CopyTo(buffer.AsSpan(n));
        n += bytes.Length;
    }

    private static void Reserve(ref byte[] buffer, int n, int more)
    {
        if (buffer.Length - n < more)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, n + more));
        }
    }
}
