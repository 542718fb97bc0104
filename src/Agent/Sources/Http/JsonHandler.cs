using System.Text;
using System.Text.Json;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Sources.Http;

/// <summary>
/// Flume's JSONHandler (reference §4.1.1): the body is a JSON array of <c>{"headers": {…}, "body": "…"}</c>; headers or body
/// absent or null give none or an empty body; numbers and booleans are taken as their text; unknown fields are ignored.
/// The request charset (Content-Type <c>charset</c>: utf-8, utf-16 or utf-32) decodes the request and encodes each body
/// (UTF-16 as Java writes it: big-endian with a BOM). A body that is not such an array is a 400; an empty body or
/// another charset is a 500, as in Flume. Comments are accepted as Gson's lenient mode does; single quotes and unquoted
/// names are not.
/// </summary>
public sealed class JsonHandler : IHttpSourceHandler
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    public List<FlumeEvent> GetEvents(HttpSourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var charset = RequestCharset.Of(request.ContentType);
        using var body = RequestBody.Read(request, long.MaxValue);
        return Parse(body.Span, charset);
    }

    /// <summary>Parses a request body in <paramref name="charset"/> (null = none given: UTF-8).</summary>
    public static List<FlumeEvent> Parse(ReadOnlySpan<byte> raw, RequestCharset? charset)
    {
        var output = charset?.Encoding ?? RequestCharset.Utf8;
        byte[]? transcoded = null;
        var utf8 = raw;
        if (charset is { IsUtf8: false })
        {
            transcoded = Encoding.UTF8.GetBytes(charset.Decode(raw));
            utf8 = transcoded;
        }
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            // Gson returns null for an empty document and Flume then fails with a NullPointerException: a 500.
            throw new ArgumentException("the request body is empty");
        }
        var events = new List<FlumeEvent>();
        var headerReader = new JsonHeaderReader();
        try
        {
            var reader = new Utf8JsonReader(utf8, ReaderOptions);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new HttpBadRequestException($"Expected a JSON array of events but found {Describe(reader.TokenType)}");
            }
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new HttpBadRequestException($"Expected an event object but found {Describe(reader.TokenType)}");
                }
                events.Add(ReadEvent(ref reader, output, charset is null || charset.IsUtf8, headerReader));
            }
            // Anything but whitespace and comments after the array makes the reader throw.
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            throw new HttpBadRequestException(ex.Message, ex);
        }
        catch (InvalidOperationException ex)
        {
            // Invalid escapes (e.g. a lone surrogate) surface as InvalidOperationException.
            throw new HttpBadRequestException(ex.Message, ex);
        }
        return events;
    }

    private static FlumeEvent ReadEvent(ref Utf8JsonReader reader, Encoding output, bool outputIsUtf8, JsonHeaderReader headerReader)
    {
        Dictionary<string, string>? headers = null;
        byte[] body = [];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("headers"u8))
            {
                reader.Read();
                headers = headerReader.Read(ref reader);
            }
            else if (reader.ValueTextEquals("body"u8))
            {
                reader.Read();
                body = ReadBody(ref reader, output, outputIsUtf8);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new FlumeEvent(body, headers);
    }

    private static byte[] ReadBody(ref Utf8JsonReader reader, Encoding output, bool outputIsUtf8)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return [];
            case JsonTokenType.String when outputIsUtf8:
                if (!reader.ValueIsEscaped)
                {
                    return reader.ValueSpan.ToArray();
                }
                var buffer = new byte[reader.ValueSpan.Length];
                var n = reader.CopyString(buffer);
                return n == buffer.Length ? buffer : buffer.AsSpan(0, n).ToArray();
            case JsonTokenType.String:
                return RequestCharset.Encode(output, reader.GetString()!);
            case JsonTokenType.Number:
                return outputIsUtf8 ? reader.ValueSpan.ToArray() : RequestCharset.Encode(output, Encoding.UTF8.GetString(reader.ValueSpan));
            case JsonTokenType.True:
            case JsonTokenType.False:
                return RequestCharset.Encode(output, reader.TokenType == JsonTokenType.True ? "true" : "false");
            default:
                throw new HttpBadRequestException($"Expected a string body but found {Describe(reader.TokenType)}");
        }
    }

    internal static string Describe(JsonTokenType t) => t switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => t.ToString(),
    };
}
