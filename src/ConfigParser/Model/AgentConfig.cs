using FlumeNet.ConfigParser.Diagnostics;

namespace FlumeNet.ConfigParser.Model;

/// <summary>
/// One agent of a config: its five lists and every component defined under it (listed or not).
/// After validation, <see cref="Active"/> holds what would run: the names Flume keeps after its drops.
/// </summary>
public sealed class AgentConfig
{
    private readonly Dictionary<SectionKind, NameList> _lists = [];
    private readonly Dictionary<SectionKind, Dictionary<string, ComponentConfig>> _components = [];

    public AgentConfig(string name, SourceLocation firstSeen)
    {
        Name = name;
        FirstSeen = firstSeen;
        foreach (var k in SectionKinds.All)
        {
            _components[k] = new Dictionary<string, ComponentConfig>(StringComparer.Ordinal);
            Active[k] = [];
        }
    }

    public string Name { get; }

    public SourceLocation FirstSeen { get; }

    /// <summary>False once Flume would reject the whole agent (AGENT_CONFIGURATION_INVALID).</summary>
    public bool IsValid { get; set; } = true;

    /// <summary>Names that survive validation, per list, in list order.</summary>
    public Dictionary<SectionKind, List<string>> Active { get; } = [];

    /// <summary>For sources: the channels each surviving source writes to (unknown channels removed).</summary>
    public Dictionary<string, List<string>> SourceChannels { get; } = new(StringComparer.Ordinal);

    /// <summary>For sink groups: the surviving member sinks.</summary>
    public Dictionary<string, List<string>> GroupSinks { get; } = new(StringComparer.Ordinal);

    public NameList? List(SectionKind kind) => _lists.GetValueOrDefault(kind);

    public void SetList(SectionKind kind, NameList list) => _lists[kind] = list;

    public IReadOnlyDictionary<string, ComponentConfig> Components(SectionKind kind) => _components[kind];

    public ComponentConfig? Component(SectionKind kind, string name) => _components[kind].GetValueOrDefault(name);

    public ComponentConfig GetOrAddComponent(SectionKind kind, string name)
    {
        var map = _components[kind];
        if (!map.TryGetValue(name, out var c))
        {
            c = new ComponentConfig(kind, Name, name);
            map[name] = c;
        }
        return c;
    }
}
