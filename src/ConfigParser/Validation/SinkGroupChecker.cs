using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.JavaCompat;
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
            if (!CheckGroup(ctx, group, members, out var processorFailed))
            {
                ctx.Drop(SectionKind.SinkGroups, name);
                foreach (var s in members)
                {
                    // Flume configured these sinks (and attached their channels) before the group failed: the channels stay.
                    ctx.SinksOfFailedGroups.Add(s);
                    ctx.Drop(SectionKind.Sinks, s);
                }
                if (processorFailed)
                {
                    ctx.Diagnostics.Error(group.Location, DiagnosticCodes.ComponentDropped, group.Prefix,
                        $"Flume drops group '{name}' and with it its sinks {string.Join(", ", members.Select(m => $"'{m}'"))}, which then run nowhere (their channels are kept and fill up)",
                        "fix the processor settings above");
                }
            }
        }
    }

    private static bool CheckGroup(ValidationContext ctx, ComponentConfig group, List<string> members, out bool processorFailed)
    {
        processorFailed = false;
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
        if (!OptionChecker.Check(props, spec, group.Prefix + ".processor.", ["type"], $"the processor of group '{group.Name}'",
            group.Location, d))
        {
            processorFailed = ok;
            ok = false;
        }
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

    // Flume's FailoverSinkProcessor walks its HashMap of sinks (Java iteration order of the names, not the file's order):
    // a sink without a parsable priority gets -1, -2, … in that order, and a sink whose priority is taken is left out.
    private static void CheckPriorities(ValidationContext ctx, ComponentConfig group, List<string> members)
    {
        var priorities = new Dictionary<string, ConfigProperty>(StringComparer.Ordinal);
        foreach (var p in group.SubProperties("processor.priority."))
        {
            if (!members.Contains(p.Key))
            {
                ctx.Diagnostics.Warning(p.Location, DiagnosticCodes.UnknownKey, p.FullKey,
                    $"'{p.Key}' is not a sink of group '{group.Name}'; Flume ignores this priority", $"members: {string.Join(' ', members)}");
            }
            else
            {
                priorities[p.Key] = p;
            }
        }
        var order = FailoverOrder(members);
        foreach (var (sink, priority, takenBy) in FailoverRanking(members, n => priorities.GetValueOrDefault(n)?.Value))
        {
            if (takenBy is null)
            {
                continue;
            }
            var prop = priorities.GetValueOrDefault(sink);
            var why = prop is null ? $"it has no priority, so Flume gives it {priority}, which" : $"priority {priority}";
            ctx.Diagnostics.Error(prop?.Location ?? group.Location, DiagnosticCodes.ConfigError, prop?.FullKey ?? group.Prefix + ".processor.priority." + sink,
                $"{why} is already taken by sink '{takenBy}' (Flume goes through the sinks in Java HashMap order of their names: {string.Join(", ", order)}); Flume leaves sink '{sink}' out of the group, and so does this agent",
                "give every sink a distinct priority");
        }
    }

    /// <summary>
    /// Flume's failover ranking, for the checker and the running processor alike: the sinks in <see cref="FailoverOrder"/>,
    /// each with its priority (parsed as Java's parseInt; none or unparsable gives -1, -2, … in that order) and, when
    /// an earlier sink already holds that priority, that sink's name (Flume leaves this one out).
    /// </summary>
    public static List<(string Sink, int Priority, string? TakenBy)> FailoverRanking(IReadOnlyList<string> members, Func<string, string?> priorityText)
    {
        ArgumentNullException.ThrowIfNull(priorityText);
        var taken = new Dictionary<int, string>();
        var ranking = new List<(string, int, string?)>();
        var next = 0;
        foreach (var sink in FailoverOrder(members))
        {
            var priority = priorityText(sink) is { } text && OptionValues.TryParseInt(text, out var v) ? v : --next;
            if (taken.TryGetValue(priority, out var other))
            {
                ranking.Add((sink, priority, other));
            }
            else
            {
                taken[priority] = sink;
                ranking.Add((sink, priority, null));
            }
        }
        return ranking;
    }

    /// <summary>The order in which Flume's failover processor (and this agent's) considers the sinks of a group.</summary>
    public static string[] FailoverOrder(IReadOnlyList<string> members) => JavaHashMapOrder.Ordered(members);
}
