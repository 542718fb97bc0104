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

    public ComponentSpec? SpecOf(SectionKind section, string name) => Specs.GetValueOrDefault((section, name));

    public ComponentConfig Component(SectionKind section, string name) => Agent.Component(section, name)!;

    /// <summary>Flume's second-stage drop: the component does not run.</summary>
    public void Drop(SectionKind section, string name) => Agent.Active[section].Remove(name);

    public bool IsActive(SectionKind section, string name) => Agent.Active[section].Contains(name);

    /// <summary>The value of an option as the component will see it: its own value, else the spec's default; null if not a number.</summary>
    public static long? EffectiveLong(ComponentConfig component, ComponentSpec spec, string key)
    {
        var text = component.Get(key) ?? spec.FindOption(key)?.Default;
        return text is not null && OptionValues.TryParseLong(text, out var v) ? v : null;
    }
}
