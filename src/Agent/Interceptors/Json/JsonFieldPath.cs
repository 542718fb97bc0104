using System.Globalization;
using System.Text.Json;

namespace FlumeNet.Agent.Interceptors.Json;

/// <summary>
/// A field of a JSON object body named by a dotted path (<c>ts</c>, <c>meta.time</c>); a segment that is all digits also
/// indexes an array (<c>tags.0</c>). Values read as header text: strings unquoted, other values as their JSON text.
/// </summary>
public sealed class JsonFieldPath
{
    private readonly string[] _segments;

    public JsonFieldPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Text = path.Trim();
        _segments = Text.Split('.');
        foreach (var segment in _segments)
        {
            if (segment.Length == 0)
            {
                throw new ArgumentException($"'{path}' has an empty segment (use field names separated by single dots)", nameof(path));
            }
        }
    }

    public string Text { get; }

    public bool TryFind(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (var segment in _segments)
        {
            if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty(segment, out var next))
            {
                value = next;
            }
            else if (value.ValueKind == JsonValueKind.Array
                && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < value.GetArrayLength())
            {
                value = value[index];
            }
            else
            {
                return false;
            }
        }
        return value.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined;
    }

    /// <summary>The field as header text, or null when it is missing or JSON null.</summary>
    public string? Find(JsonElement root) =>
        !TryFind(root, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.GetRawText();

    /// <summary>Parses a body that must be a JSON object; null when it is not (invalid JSON, an array, a bare value).</summary>
    public static JsonDocument? ParseObject(byte[] body)
    {
        try
        {
            var doc = JsonDocument.Parse(body, Options);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                return doc;
            }
            doc.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Log lines often carry comments or trailing commas from hand-written emitters; accepting them costs nothing.
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
}
