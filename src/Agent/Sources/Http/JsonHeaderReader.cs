using System.Text;
using System.Text.Json;
using FlumeNet.Agent.Net;

namespace FlumeNet.Agent.Sources.Http;

/// <summary>
/// Reads the <c>headers</c> objects of one request. The events of a batch mostly repeat the same names and values, so
/// their strings come from a <see cref="Utf8StringCache"/> when the unescaped bytes repeat. One per request.
/// </summary>
internal sealed class JsonHeaderReader
{
    private static readonly UTF8Encoding Strict = new(false, true);
    private readonly Utf8StringCache _strings = new();

    public Dictionary<string, string>? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new HttpBadRequestException($"Expected the headers to be an object but found {JsonHandler.Describe(reader.TokenType)}");
        }
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = Text(ref reader);
            reader.Read();
            var value = reader.TokenType switch
            {
                JsonTokenType.String => Text(ref reader),
                JsonTokenType.Number => Text(ref reader),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                JsonTokenType.Null => null,
                _ => throw new HttpBadRequestException($"Expected a string value for header '{name}' but found {JsonHandler.Describe(reader.TokenType)}"),
            };
            if (headers.ContainsKey(name))
            {
                throw new HttpBadRequestException($"duplicate key: {name}");
            }
            if (value is not null)
            {
                headers[name] = value;
            }
        }
        return headers;
    }

    // A name, string or number token as text: a number is its literal, a string unescaped.
    private string Text(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return _strings.Get(reader.ValueSpan);
        }
        return reader.ValueIsEscaped ? reader.GetString()! : _strings.Get(reader.ValueSpan, DecodeStrict);
    }

    // As Utf8JsonReader.GetString: invalid UTF-8 is an InvalidOperationException, which the handler answers with 400.
    private static string DecodeStrict(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return Strict.GetString(utf8);
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidOperationException("Cannot transcode invalid UTF-8 JSON text to UTF-16 string.", ex);
        }
    }
}
