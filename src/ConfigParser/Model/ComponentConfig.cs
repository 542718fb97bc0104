using FlumeNet.ConfigParser.Diagnostics;

namespace FlumeNet.ConfigParser.Model;

/// <summary>
/// The properties of one named component of an agent (<c>a1.sinks.k1.*</c>), in file order, with values mutable only for
/// the config-filter step. Flume's <c>Context</c> semantics: keys are case-sensitive, values already trimmed.
/// </summary>
public sealed class ComponentConfig
{
    private readonly List<ConfigProperty> _properties = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public ComponentConfig(SectionKind section, string agent, string name)
    {
        Section = section;
        Agent = agent;
        Name = name;
    }

    public SectionKind Section { get; }

    public string Agent { get; }

    public string Name { get; }

    /// <summary>The key prefix of the component: <c>a1.sinks.k1</c>.</summary>
    public string Prefix => $"{Agent}.{Section.ListKey()}.{Name}";

    public IReadOnlyList<ConfigProperty> Properties => _properties;

    public string? Type => Get("type");

    /// <summary>Where to point a diagnostic about the whole component: its <c>type</c> line, else its first line.</summary>
    public SourceLocation Location =>
        Find("type")?.Location ?? (_properties.Count > 0 ? _properties[0].Location : SourceLocation.None);

    public ConfigProperty? Find(string key) => _index.TryGetValue(key, out var i) ? _properties[i] : null;

    public string? Get(string key) => Find(key)?.Value;

    public void Set(ConfigProperty property)
    {
        if (_index.TryGetValue(property.Key, out var i))
        {
            _properties[i] = property;
        }
        else
        {
            _index[property.Key] = _properties.Count;
            _properties.Add(property);
        }
    }

    /// <summary>Properties under <paramref name="prefix"/> (which ends with '.'), with the prefix stripped, as Flume's getSubProperties.</summary>
    public IEnumerable<ConfigProperty> SubProperties(string prefix)
    {
        foreach (var p in _properties)
        {
            if (p.Key.StartsWith(prefix, StringComparison.Ordinal) && p.Key.Length > prefix.Length)
            {
                yield return p with { Key = p.Key[prefix.Length..] };
            }
        }
    }
}
