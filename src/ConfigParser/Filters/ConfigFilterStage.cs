using System.Text;
using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.ConfigParser.Filters;

/// <summary>
/// Flume's first validation step (reference §3.9): build the agent's config filters, then replace
/// <c>${filter['key']}</c> in every value of every source, channel, sink and sink group (not in the agent lists and not
/// in the filters' own settings). A reference a filter cannot answer stays as written, as in Flume, and is reported.
/// </summary>
public static class ConfigFilterStage
{
    public static void Apply(AgentConfig agent, IComponentCatalog catalog, Func<string, string?> environment, DiagnosticBag diagnostics)
    {
        var filters = BuildFilters(agent, catalog, environment, diagnostics);
        foreach (var section in new[] { SectionKind.Sources, SectionKind.Channels, SectionKind.Sinks, SectionKind.SinkGroups })
        {
            foreach (var component in agent.Components(section).Values)
            {
                foreach (var p in component.Properties.ToArray())
                {
                    if (p.Value.Contains("${", StringComparison.Ordinal))
                    {
                        Substitute(component, p, agent, filters, diagnostics);
                    }
                }
            }
        }
    }

    private static void Substitute(
        ComponentConfig component, ConfigProperty p, AgentConfig agent,
        Dictionary<string, IConfigFilter?> filters, DiagnosticBag diagnostics)
    {
        var refs = FilterReference.FindAll(p.Value);
        if (refs.Count == 0)
        {
            return;
        }
        var sb = new StringBuilder();
        var last = 0;
        var filtered = false;
        foreach (var r in refs)
        {
            sb.Append(p.Value, last, r.Start - last);
            last = r.Start + r.Length;
            var text = p.Value.Substring(r.Start, r.Length);
            if (!filters.TryGetValue(r.Filter, out var filter))
            {
                if (agent.List(SectionKind.ConfigFilters) is not null || IsFilterLike(r.Filter))
                {
                    diagnostics.Warning(p.Location, DiagnosticCodes.ConfigFilterFailed, p.FullKey,
                        $"{text} names no config filter of agent '{agent.Name}'; the text stays as written",
                        $"list it: {agent.Name}.configfilters = {r.Filter}");
                }
                sb.Append(text);
                continue;
            }
            var value = filter?.Filter(r.Key);
            if (value is null)
            {
                if (filter is not null)
                {
                    diagnostics.Warning(p.Location, DiagnosticCodes.ConfigFilterFailed, p.FullKey,
                        $"config filter '{r.Filter}' has no value for '{r.Key}'; the text stays as written (as in Flume)");
                }
                sb.Append(text);
                continue;
            }
            filtered = true;
            sb.Append(value);
        }
        sb.Append(p.Value, last, p.Value.Length - last);
        if (filtered)
        {
            component.Set(p with { Value = sb.ToString(), Filtered = true });
        }
    }

    private static bool IsFilterLike(string name) => name.Length > 0 && !name.Contains(':', StringComparison.Ordinal);

    private static Dictionary<string, IConfigFilter?> BuildFilters(
        AgentConfig agent, IComponentCatalog catalog, Func<string, string?> environment, DiagnosticBag diagnostics)
    {
        var filters = new Dictionary<string, IConfigFilter?>(StringComparer.Ordinal);
        var list = agent.List(SectionKind.ConfigFilters);
        if (list is null)
        {
            return filters;
        }
        foreach (var name in list.Names)
        {
            var fc = agent.Component(SectionKind.ConfigFilters, name);
            var key = $"{agent.Name}.configfilters.{name}";
            if (fc is null || fc.Properties.Count == 0)
            {
                diagnostics.Error(list.Location, DiagnosticCodes.ConfigError, key,
                    $"config filter '{name}' is listed but has no properties; Flume drops it and its references stay as written",
                    $"add {key}.type = env|external");
                continue;
            }
            if (fc.Type is not { } type)
            {
                diagnostics.Error(fc.Location, DiagnosticCodes.AttrsMissing, key + ".type",
                    $"config filter '{name}' has no type; Flume drops it", "type = env or external");
                continue;
            }
            agent.Active[SectionKind.ConfigFilters].Add(name);
            filters[name] = Create(fc, type, catalog, environment, diagnostics);
        }
        return filters;
    }

    private static IConfigFilter? Create(
        ComponentConfig fc, string type, IComponentCatalog catalog, Func<string, string?> environment, DiagnosticBag diagnostics)
    {
        var typeKey = fc.Prefix + ".type";
        var match = catalog.Resolve(ComponentKind.ConfigFilter, type);
        switch (match?.Spec.DisplayName)
        {
            case "env":
                return new EnvironmentConfigFilter(environment);
            case "external":
                if (fc.Get("command") is not { } command)
                {
                    diagnostics.Error(fc.Location, DiagnosticCodes.ConfigError, fc.Prefix + ".command",
                        $"external config filter '{fc.Name}' has no command; Flume cannot initialise it and its references stay as written",
                        "command = /path/to/script (the key is passed as the last argument)");
                    return null;
                }
                try
                {
                    return new ExternalProcessConfigFilter(command, fc.Get("charset"));
                }
                catch (ArgumentException ex)
                {
                    diagnostics.Error(fc.Location, DiagnosticCodes.BadValue, fc.Prefix + ".charset",
                        $"external config filter '{fc.Name}': {ex.Message.Split(" (Parameter", 2)[0]}; Flume cannot initialise the filter and its references stay as written",
                        "charset = UTF-8 (the default) or another standard charset name");
                    return null;
                }
            case "hadoop":
                diagnostics.Error(fc.Location, DiagnosticCodes.NotSupported, typeKey,
                    "the Hadoop credential-store filter needs a JVM keystore; this agent does not support it",
                    "use an env or external filter to read the secret");
                return null;
            default:
                diagnostics.Error(fc.Location, DiagnosticCodes.NotSupported, typeKey,
                    $"config filter type '{type}' is a Java class this agent cannot load; its references stay as written",
                    "use type = env or external");
                return null;
        }
    }
}
