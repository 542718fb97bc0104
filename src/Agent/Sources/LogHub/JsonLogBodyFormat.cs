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
/// </summary>
internal sealed class JsonLogBodyFormat : ILogBodyFormat
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private static readonly byte[] TimeKey = "__time__"u8.ToArray();
    private static readonly byte[] SourceKey = "__source__"u8.ToArray();
    private static readonly byte[] TopicKey = "__topic__"u8.ToArray();
    private static readonly byte[] TagPrefix = "__tag__:"u8.ToArray();
    private readonly byte[] _tagKey = new byte[256];
    private Utf8JsonWriter? _writer;

    public bool TimeAsField { get; init; }

    public bool TagAsField { get; init; }

    public bool SourceAsField { get; init; }

    public bool TopicAsField { get; init; }

    public bool EmbedJson { get; init; }

    /// <summary>The EMR source's body: every content, then __time__, the tags, __source__ and __topic__.</summary>
    public static JsonLogBodyFormat Emr() => new() { TimeAsField = true, TagAsField = true, SourceAsField = true, TopicAsField = true };

    public void Write(LogRecord record, string timestamp, IBufferWriter<byte> output)
    {
        var w = _writer;
        if (w is null)
        {
            w = _writer = new Utf8JsonWriter(output, WriterOptions);
        }
        else
        {
            w.Reset(output);
        }
        w.WriteStartObject();
        for (var i = 0; i < record.ContentCount; i++)
        {
            if (IsOverridden(record, i))
            {
                continue;
            }
            var value = record.Value(i);
            if (EmbedJson && TryWriteEmbedded(w, record.Key(i), value))
            {
                continue;
            }
            w.WriteString(record.Key(i), value);
        }
        if (TimeAsField)
        {
            Span<byte> digits = stackalloc byte[10];
            Utf8Formatter.TryFormat(record.Time, digits, out var n);
            w.WriteString(TimeKey, digits[..n]);
        }
        if (TagAsField)
        {
            for (var i = 0; i < record.TagCount; i++)
            {
                w.WriteString(TagName(record.TagKey(i)), record.TagValue(i));
            }
        }
        if (SourceAsField)
        {
            w.WriteString(SourceKey, record.Source);
        }
        if (TopicAsField)
        {
            w.WriteString(TopicKey, record.Topic);
        }
        w.WriteEndObject();
        w.Flush();
    }

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

    private static bool TryWriteEmbedded(Utf8JsonWriter w, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
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
        w.WritePropertyName(key);
        w.WriteRawValue(trimmed, skipInputValidation: true);
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

    private ReadOnlySpan<byte> TagName(ReadOnlySpan<byte> key)
    {
        if (TagPrefix.Length + key.Length > _tagKey.Length)
        {
            return (byte[])[.. TagPrefix, .. key];
        }
        TagPrefix.CopyTo(_tagKey, 0);
        key.CopyTo(_tagKey.AsSpan(TagPrefix.Length));
        return _tagKey.AsSpan(0, TagPrefix.Length + key.Length);
    }
}
