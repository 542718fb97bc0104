using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.ConfigParser.Validation;

/// <summary>State shared by the semantic checks of one agent: the catalog, the resolved spec of each active component, and drops.</summary>
public sealed class ValidationContext
{
    public ValidationContext(AgentConfig agent, IComponentCatalog catalog, DiagnosticBag diagnostics)
    {
        Agent = agent;
        Catalog = catalog;
        Diagnostics = diagnostics;
    }

    public AgentConfig Agent { get; }

    public IComponentCatalog Catalog { get; }

    public DiagnosticBag Diagnostics { get; }

    public Dictionary<(SectionKind Section, string Name), ComponentSpec> Specs { get; } = [];

    /// <summary>Sinks lost with their group: Flume had configured them, so their channels still count as used.</summary>
    public HashSet<string> SinksOfFailedGroups { get; } = new(StringComparer.Ordinal);

    public ComponentSpec? SpecOf(SectionKind section, string name) => Specs.GetValueOrDefault((section, name));

    public ComponentConfig Component(SectionKind section, string name) => Agent.Component(section, name)!;

    /// <summary>Flume's second-stage drop: the component does not run.</summary>
    public void Drop(SectionKind section, string name) => Agent.Active[section].Remove(name);

    public bool IsActive(SectionKind section, string name) => Agent.Active[section].Contains(name);

    /// <summary>The value of an option as the component will see it: its own value, else the spec's default; null if not a number.</summary>
    public static long? EffectiveLong(ComponentConfig component, ComponentSpec spec, string key)
    {
        var option = spec.FindOption(key);
        var text = component.Get(key) ?? option?.Default;
        // An int option Flume cannot parse (e.g. beyond the int range) falls back to its default where Flume catches it.
        if (text is not null && option is { Type: OptionType.Int } && !OptionValues.TryParseInt(text, out _) && option.Default is { } fallback)
        {
            text = fallback;
        }
        return text is not null && OptionValues.TryParseLong(text, out var v) ? v : null;
    }
}
