using System.Text.Json;
using FlumeNet.Tools.WebHdfsEmulator.Faults;
using FlumeNet.Tools.WebHdfsEmulator.Protocol;

namespace FlumeNet.Tools.WebHdfsEmulator.Admin;

/// <summary>
/// Reads fault rules posted to /_emulator/faults: one object or an array of them, with the fields
/// op, path, kind, status, count, delayMs, role, exception, message. Unknown fields are rejected to catch typos.
/// </summary>
internal static class FaultRuleJson
{
    public static IReadOnlyList<FaultRule> ParseMany(JsonElement root) => root.ValueKind switch
    {
        JsonValueKind.Object => [Parse(root)],
        JsonValueKind.Array => root.EnumerateArray().Select(Parse).ToList(),
        _ => throw new FormatException("expected a fault rule object or an array of them"),
    };

    public static FaultRule Parse(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("a fault rule must be a JSON object");
        }
        var kind = element.TryGetProperty("kind", out var kindValue) && kindValue.ValueKind == JsonValueKind.String
            ? Kind(kindValue.GetString()!)
            : throw new FormatException("kind is required (a string)");
        var rule = new FaultRule { Kind = kind };
        foreach (var property in element.EnumerateObject())
        {
            rule = property.Name switch
            {
                "kind" => rule,
                "op" => rule with { Op = String(property) ?? "*" },
                "path" => rule with { Path = String(property) },
                "status" => rule with { Status = Int(property) },
                "count" => rule with { Count = Int(property) },
                "delayMs" => rule with { DelayMs = Int(property) },
                "role" => rule with { Role = Role(property) },
                "exception" => rule with { Exception = String(property) },
                "message" => rule with { Message = String(property) },
                _ => throw new FormatException($"unknown field \"{property.Name}\" (expected op, path, kind, status, count, delayMs, role, exception, message)"),
            };
        }
        return rule;
    }

    public static void Write(Utf8JsonWriter w, PendingFault pending)
    {
        var rule = pending.Rule;
        w.WriteStartObject();
        w.WriteString("op", rule.Op);
        w.WriteString("path", rule.Path);
        w.WriteString("kind", rule.Kind.ToString().ToLowerInvariant());
        w.WriteNumber("status", rule.Status);
        w.WriteNumber("count", rule.Count);
        w.WriteNumber("remaining", pending.Remaining);
        w.WriteNumber("delayMs", rule.DelayMs);
        w.WriteString("role", rule.EffectiveRole.ToString().ToLowerInvariant());
        w.WriteString("exception", rule.Exception);
        w.WriteString("message", rule.Message);
        w.WriteEndObject();
    }

    private static FaultKind Kind(string text)
    {
        foreach (var kind in Enum.GetValues<FaultKind>())
        {
            if (kind.ToString().Equals(text, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }
        var known = string.Join(", ", Enum.GetNames<FaultKind>().Select(n => n.ToLowerInvariant()));
        throw new FormatException($"unknown kind \"{text}\" (expected {known})");
    }

    private static string? String(JsonProperty property) => property.Value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => property.Value.GetString(),
        _ => throw new FormatException($"{property.Name} must be a string"),
    };

    private static int Int(JsonProperty property) =>
        property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var value)
            ? value
            : throw new FormatException($"{property.Name} must be an integer");

    private static NodeRole? Role(JsonProperty property) => String(property)?.ToLowerInvariant() switch
    {
        null => null,
        "namenode" => NodeRole.NameNode,
        "datanode" => NodeRole.DataNode,
        var other => throw new FormatException($"role must be \"namenode\" or \"datanode\" (got \"{other}\")"),
    };
}
