using System.Globalization;
using System.Text.Json;
using FlumeNet.Tools.LogHubEmulator.Protocol;

namespace FlumeNet.Tools.LogHubEmulator.Http;

/// <summary>Lenient readers of JSON request bodies: numbers and booleans may also arrive as strings.</summary>
internal static class JsonBody
{
    public static JsonElement Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw LogHubErrors.PostBodyInvalid($"body is not valid JSON: {e.Message}");
        }
    }

    public static JsonElement ParseObject(byte[] body)
    {
        var root = Parse(body);
        return root.ValueKind == JsonValueKind.Object ? root : throw LogHubErrors.PostBodyInvalid("body must be a JSON object");
    }

    public static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    public static int? Int(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        throw LogHubErrors.ParameterInvalid($"'{name}' must be an integer");
    }

    public static bool? Bool(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var flag) => flag,
            _ => throw LogHubErrors.ParameterInvalid($"'{name}' must be true or false"),
        };
    }

    public static int ToInt(JsonElement value, string what)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        throw LogHubErrors.ParameterInvalid($"{what} must be an integer");
    }
}
