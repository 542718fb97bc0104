using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Specs;
using FlumeNet.ConfigParser.Validation;

namespace FlumeNet.Agent.Binding;

/// <summary>
/// Typed access to one component's validated properties, with the spec's defaults. Factories read it once to build an
/// immutable options record; components never see raw strings. Values have passed validation, so a getter only falls
/// back to the default where Flume itself does (e.g. the memory channel's bad or non-positive capacity).
/// </summary>
public sealed class BoundOptions
{
    private readonly IReadOnlyList<ConfigProperty> _properties;
    private readonly ComponentSpec _spec;

    public BoundOptions(string name, IReadOnlyList<ConfigProperty> properties, ComponentSpec spec)
    {
        Name = name;
        _properties = properties;
        _spec = spec;
    }

    public string Name { get; }

    /// <summary>For sinks with a serializer slot: the bound serializer of their <c>serializer</c> / <c>sink.serializer</c> key.</summary>
    public Func<Stream, Serializers.IEventSerializer>? Serializer { get; init; }

    public string? Raw(string key)
    {
        foreach (var p in _properties)
        {
            if (p.Key == key)
            {
                return p.Value;
            }
        }
        return null;
    }

    /// <summary>Whether the value of <paramref name="key"/> must never be shown: the option is secret, or a config filter filled it in.</summary>
    public bool IsConfidential(string key)
    {
        if (_spec.FindOption(key) is { Secret: true })
        {
            return true;
        }
        foreach (var p in _properties)
        {
            if (p.Key == key)
            {
                return p.Filtered;
            }
        }
        return false;
    }

    public string? GetString(string key) => Raw(key) ?? _spec.FindOption(key)?.Default;

    public string RequiredString(string key) =>
        GetString(key) ?? throw new InvalidOperationException($"'{Name}': required option '{key}' is missing (validation should have caught it)");

    public int GetInt(string key, int fallback)
    {
        var text = GetString(key);
        return text is not null && OptionValues.TryParseInt(text, out var v) ? v : fallback;
    }

    public long GetLong(string key, long fallback)
    {
        var text = GetString(key);
        return text is not null && OptionValues.TryParseLong(text, out var v) ? v : fallback;
    }

    public bool GetBool(string key, bool fallback)
    {
        var text = GetString(key);
        return text is null ? fallback : OptionValues.ParseBool(text);
    }

    /// <summary>Properties under a prefix (ending with '.'), with the prefix stripped.</summary>
    public IReadOnlyDictionary<string, string> Sub(string prefix)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in _properties)
        {
            if (p.Key.StartsWith(prefix, StringComparison.Ordinal) && p.Key.Length > prefix.Length)
            {
                result[p.Key[prefix.Length..]] = p.Value;
            }
        }
        return result;
    }
}
