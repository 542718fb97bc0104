using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.ConfigParser.Validation;

/// <summary>
/// Sink groups and their processors (reference §3.7, §6.6, S3). When Flume fails to build a group its member sinks are
/// lost too; FlumeNet reports each such case. One deliberate difference: a group without <c>processor.type</c> uses the
/// documented default <c>default</c> (Flume 1.11 fails on it).
/// </summary>
public static class SinkGroupChecker
{
    public static void Check(ValidationContext ctx)
    {
        var agent = ctx.Agent;
        foreach (var name in agent.Active[SectionKind.SinkGroups].ToArray())
        {
            var group = ctx.Component(SectionKind.SinkGroups, name);
            var members = agent.GroupSinks[name];
            if (!CheckGroup(ctx, group, members))
            {
                ctx.Drop(SectionKind.SinkGroups, name);
                foreach (var s in members)
                {
                    ctx.Drop(SectionKind.Sinks, s);
                }
            }
        }
    }

    private static bool CheckGroup(ValidationContext ctx, ComponentConfig group, List<string> members)
    {
        var d = ctx.Diagnostics;
        var ok = true;
        foreach (var s in members)
        {
            if (!ctx.IsActive(SectionKind.Sinks, s))
            {
                d.Error(group.Find("sinks")!.Location, DiagnosticCodes.ConfigError, group.Prefix + ".sinks",
                    $"member sink '{s}' is dropped (see its error); Flume then fails to build group '{group.Name}' and runs nothing at all");
                ok = false;
            }
        }
        foreach (var p in group.Properties)
        {
            if (p.Key != "sinks" && !p.Key.StartsWith("processor.", StringComparison.Ordinal))
            {
                d.Warning(p.Location, DiagnosticCodes.UnknownKey, p.FullKey, $"a sink group has no key '{p.Key}'; Flume ignores it",
                    p.Key.Contains('.', StringComparison.Ordinal) ? $"processor settings go under {group.Prefix}.processor." : "a sink group takes sinks and processor.*");
            }
        }
        var typeProp = group.Find("processor.type");
        ComponentSpec? spec;
        if (typeProp is null)
        {
            d.Warning(group.Location, DiagnosticCodes.AttrsMissing, group.Prefix + ".processor.type",
                "no processor.type: Flume 1.11 fails to build this group and runs none of its sinks; this agent uses the documented default 'default'",
                "set processor.type = failover, load_balance or default");
            spec = ctx.Catalog.Resolve(ComponentKind.SinkProcessor, "default")?.Spec;
        }
        else
        {
            spec = TypeResolver.Resolve(ctx, ComponentKind.SinkProcessor, typeProp, $"group '{group.Name}' and its sinks");
        }
        if (spec is null)
        {
            return false;
        }
        var props = new List<ConfigProperty>(group.SubProperties("processor."));
        ok &= OptionChecker.Check(props, spec, group.Prefix + ".processor.", ["type"], $"the processor of group '{group.Name}'",
            group.Location, d);
        var at = typeProp?.Location ?? group.Location;
        switch (spec.DisplayName)
        {
            case "default" when members.Count != 1:
                d.Error(at, DiagnosticCodes.ConfigError, group.Prefix + ".processor.type",
                    $"the default processor runs exactly one sink, this group has {members.Count}; Flume fails to build it and runs none of its sinks",
                    "use failover or load_balance");
                return false;
            case "load_balance" when members.Count < 2:
                d.Error(at, DiagnosticCodes.ConfigError, group.Prefix + ".processor.type",
                    "load_balance needs at least two sinks; Flume fails to build the group and runs none of its sinks");
                return false;
            case "failover":
                CheckPriorities(ctx, group, members);
                break;
            default:
                break;
        }
        return ok;
    }

    private static void CheckPriorities(ValidationContext ctx, ComponentConfig group, List<string> members)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in group.SubProperties("processor.priority."))
        {
            if (!members.Contains(p.Key))
            {
                ctx.Diagnostics.Warning(p.Location, DiagnosticCodes.UnknownKey, p.FullKey,
                    $"'{p.Key}' is not a sink of group '{group.Name}'; Flume ignores this priority", $"members: {string.Join(' ', members)}");
            }
            else if (seen.TryGetValue(p.Value.Trim(), out var other))
            {
                ctx.Diagnostics.Error(p.Location, DiagnosticCodes.ConfigError, p.FullKey,
                    $"priority {p.Value} is already taken by sink '{other}'; Flume leaves sink '{p.Key}' out of the group",
                    "give every sink a distinct priority");
            }
            else
            {
                seen[p.Value.Trim()] = p.Key;
            }
        }
    }
}
