using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;

namespace FlumeNet.ConfigParser.Validation;

/// <summary>
/// What Flume's FlumeConfiguration keeps and drops (reference §3.3–3.7), in its order: channels, sources, sinks, sink
/// groups, then the whole agent. Every drop becomes a located diagnostic that says what Flume would do; the surviving
/// names go to <see cref="AgentConfig.Active"/>. Where Flume's result depends on HashSet order, list order is used.
/// </summary>
public static class StructuralValidator
{
    private const string LoadBalancingSelectorClass = "org.apache.flume.channel.LoadBalancingChannelSelector";

    public static void Validate(AgentConfig agent, DiagnosticBag d)
    {
        ReportUnlisted(agent, d);
        if (!ValidateChannels(agent, d))
        {
            Invalidate(agent, d);
            return;
        }
        ValidateSources(agent, d);
        ValidateSinks(agent, d);
        ValidateSinkGroups(agent, d);
        if (agent.Active[SectionKind.Sources].Count == 0 && agent.Active[SectionKind.Sinks].Count == 0)
        {
            d.Error(agent.FirstSeen, DiagnosticCodes.PropertyValueNull, $"{agent.Name}.sources",
                $"agent '{agent.Name}' has no valid source and no valid sink; Flume rejects the whole agent");
            agent.IsValid = false;
        }
        if (!agent.IsValid)
        {
            Invalidate(agent, d);
        }
    }

    private static void Invalidate(AgentConfig agent, DiagnosticBag d)
    {
        agent.IsValid = false;
        foreach (var k in SectionKinds.All)
        {
            agent.Active[k].Clear();
        }
        // After the errors it sums up: at the line of the last of them (diagnostics sort by line, stably).
        var at = agent.FirstSeen;
        foreach (var e in d.Items)
        {
            if (e.IsError && e.Location.File == at.File && e.Location.Line > at.Line && e.Key.StartsWith(agent.Name + ".", StringComparison.Ordinal))
            {
                at = e.Location;
            }
        }
        d.Error(at, DiagnosticCodes.AgentConfigurationInvalid, agent.Name,
            $"agent '{agent.Name}' is invalid: Flume runs nothing for it", "fix the errors above");
    }

    private static bool ValidateChannels(AgentConfig agent, DiagnosticBag d)
    {
        var list = agent.List(SectionKind.Channels);
        if (list is null || list.Names.Count == 0)
        {
            d.Error(list?.Location ?? agent.FirstSeen, DiagnosticCodes.PropertyValueNull, $"{agent.Name}.channels",
                $"agent '{agent.Name}' lists no channels; Flume rejects the whole agent", $"add {agent.Name}.channels = c1");
            return false;
        }
        foreach (var name in list.Names)
        {
            if (HasBasics(agent, SectionKind.Channels, name, list, d))
            {
                agent.Active[SectionKind.Channels].Add(name);
            }
        }
        if (agent.Active[SectionKind.Channels].Count == 0)
        {
            d.Error(list.Location, DiagnosticCodes.PropertyValueNull, list.FullKey,
                "no valid channel remains; Flume rejects the whole agent");
            return false;
        }
        return true;
    }

    private static void ValidateSources(AgentConfig agent, DiagnosticBag d)
    {
        var list = agent.List(SectionKind.Sources);
        if (list is null || list.Names.Count == 0)
        {
            d.Warning(list?.Location ?? agent.FirstSeen, DiagnosticCodes.PropertyValueNull, $"{agent.Name}.sources",
                $"agent '{agent.Name}' lists no sources");
            return;
        }
        foreach (var name in list.Names)
        {
            if (!HasBasics(agent, SectionKind.Sources, name, list, d))
            {
                continue;
            }
            var source = agent.Component(SectionKind.Sources, name)!;
            var channels = source.Find("channels");
            if (channels is null)
            {
                var singular = source.Find("channel");
                d.Error(singular?.Location ?? source.Location, DiagnosticCodes.PropertyValueNull, source.Prefix + ".channels",
                    $"source '{name}' has no 'channels'; Flume drops it",
                    singular is null ? $"add {source.Prefix}.channels = c1" : "a source takes 'channels' (plural); 'channel' is the sink's key");
                continue;
            }
            var selector = source.Get("selector.type");
            if (selector is not null && (selector.Equals("load_balancing", StringComparison.OrdinalIgnoreCase)
                || selector.Equals(LoadBalancingSelectorClass, StringComparison.OrdinalIgnoreCase)))
            {
                d.Error(source.Find("selector.type")!.Location, DiagnosticCodes.ConfigError, source.Prefix + ".selector.type",
                    "Flume 1.11 documents the load_balancing selector but cannot configure it, and drops the source",
                    "use replicating or multiplexing");
                continue;
            }
            var kept = KnownChannels(agent, source, channels, d);
            if (kept.Count == 0)
            {
                continue;
            }
            agent.SourceChannels[name] = kept;
            agent.Active[SectionKind.Sources].Add(name);
        }
    }

    private static List<string> KnownChannels(AgentConfig agent, ComponentConfig source, ConfigProperty channels, DiagnosticBag d)
    {
        var names = NameList.SplitWhitespace(channels.Value);
        var kept = new List<string>();
        foreach (var c in names)
        {
            if (agent.Active[SectionKind.Channels].Contains(c))
            {
                kept.Add(c);
            }
        }
        foreach (var c in names)
        {
            if (kept.Contains(c))
            {
                continue;
            }
            var outcome = kept.Count == 0
                ? $"Flume drops source '{source.Name}' (no channel left) without an error"
                : "Flume ignores this name";
            d.Error(channels.Location, DiagnosticCodes.UnknownChannelReference, channels.FullKey,
                $"{ChannelProblem(agent, c)}; {outcome}", ChannelHint(agent, c));
        }
        return kept;
    }

    private static void ValidateSinks(AgentConfig agent, DiagnosticBag d)
    {
        var list = agent.List(SectionKind.Sinks);
        if (list is null || list.Names.Count == 0)
        {
            d.Warning(list?.Location ?? agent.FirstSeen, DiagnosticCodes.PropertyValueNull, $"{agent.Name}.sinks",
                $"agent '{agent.Name}' lists no sinks");
            return;
        }
        foreach (var name in list.Names)
        {
            if (!HasBasics(agent, SectionKind.Sinks, name, list, d))
            {
                continue;
            }
            var sink = agent.Component(SectionKind.Sinks, name)!;
            var channel = sink.Find("channel");
            if (channel is null)
            {
                var plural = sink.Find("channels");
                d.Error(plural?.Location ?? sink.Location, DiagnosticCodes.PropertyValueNull, sink.Prefix + ".channel",
                    $"sink '{name}' has no 'channel'; Flume drops it",
                    plural is null ? $"add {sink.Prefix}.channel = c1" : "a sink takes 'channel' (singular, one name); 'channels' is the source's key");
                continue;
            }
            if (!agent.Active[SectionKind.Channels].Contains(channel.Value))
            {
                var hint = channel.Value.Contains(' ', StringComparison.Ordinal) || channel.Value.Contains('\t', StringComparison.Ordinal)
                    ? "a sink reads exactly one channel; use a second sink for another channel"
                    : ChannelHint(agent, channel.Value);
                d.Error(channel.Location, DiagnosticCodes.UnknownChannelReference, channel.FullKey,
                    $"{ChannelProblem(agent, channel.Value)}; Flume drops sink '{name}' without an error", hint);
                continue;
            }
            agent.Active[SectionKind.Sinks].Add(name);
        }
    }

    private static void ValidateSinkGroups(AgentConfig agent, DiagnosticBag d)
    {
        var list = agent.List(SectionKind.SinkGroups);
        if (list is null)
        {
            return;
        }
        var claimed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in list.Names)
        {
            if (!HasBasics(agent, SectionKind.SinkGroups, name, list, d, needsType: false))
            {
                continue;
            }
            var group = agent.Component(SectionKind.SinkGroups, name)!;
            var sinks = group.Find("sinks");
            if (sinks is null)
            {
                d.Error(group.Location, DiagnosticCodes.ConfigError, group.Prefix + ".sinks",
                    $"sink group '{name}' has no 'sinks'; Flume 1.11 fails on it with a NullPointerException and loads no configuration at all",
                    $"add {group.Prefix}.sinks = k1 k2");
                agent.IsValid = false;
                continue;
            }
            var members = new List<string>();
            foreach (var s in NameList.SplitWhitespace(sinks.Value))
            {
                if (!agent.Active[SectionKind.Sinks].Contains(s))
                {
                    d.Error(sinks.Location, DiagnosticCodes.InvalidProperty, sinks.FullKey,
                        $"'{s}' is not a valid sink of agent '{agent.Name}'; Flume removes it from group '{name}'", SinkHint(agent, s));
                }
                else if (claimed.TryGetValue(s, out var owner))
                {
                    d.Error(sinks.Location, DiagnosticCodes.PropertyPartOfAnotherGroup, sinks.FullKey,
                        $"sink '{s}' already belongs to group '{owner}'; Flume removes it from group '{name}'",
                        "a sink can be in one group only");
                }
                else
                {
                    members.Add(s);
                }
            }
            if (members.Count == 0)
            {
                d.Error(sinks.Location, DiagnosticCodes.ConfigError, sinks.FullKey,
                    $"sink group '{name}' has no valid sink left; Flume drops it");
                continue;
            }
            foreach (var s in members)
            {
                claimed[s] = name;
            }
            agent.GroupSinks[name] = members;
            agent.Active[SectionKind.SinkGroups].Add(name);
        }
    }

    private static bool HasBasics(AgentConfig agent, SectionKind kind, string name, NameList list, DiagnosticBag d, bool needsType = true)
    {
        var c = agent.Component(kind, name);
        var prefix = $"{agent.Name}.{kind.ListKey()}.{name}";
        if (c is null || c.Properties.Count == 0)
        {
            d.Error(list.Location, DiagnosticCodes.ConfigError, prefix,
                $"{kind.Singular()} '{name}' is listed but has no properties; Flume drops it",
                ListedButUndefinedHint(agent, kind, name));
            return false;
        }
        if (needsType && c.Type is null)
        {
            d.Error(c.Location, DiagnosticCodes.AttrsMissing, prefix + ".type",
                $"{kind.Singular()} '{name}' has no type; Flume drops it", $"add {prefix}.type = …");
            return false;
        }
        return true;
    }

    private static void ReportUnlisted(AgentConfig agent, DiagnosticBag d)
    {
        foreach (var kind in SectionKinds.All)
        {
            var list = agent.List(kind);
            foreach (var c in agent.Components(kind).Values)
            {
                if (list is not null && list.Names.Contains(c.Name))
                {
                    continue;
                }
                var listed = list is null ? $"{agent.Name}.{kind.ListKey()} is not set" : $"it is not listed in {list.FullKey}";
                var fix = list is null ? $"{agent.Name}.{kind.ListKey()} = {c.Name}" : $"{list.FullKey} = {list.Value} {c.Name}";
                d.Warning(c.Properties[0].Location, DiagnosticCodes.ComponentNotListed, c.Prefix,
                    $"{kind.Singular()} '{c.Name}' is defined but {listed}; Flume ignores its {c.Properties.Count} properties",
                    $"to use it: {fix}");
            }
        }
    }

    private static string ChannelProblem(AgentConfig agent, string channel) =>
        agent.List(SectionKind.Channels)?.Names.Contains(channel) == true
            ? $"channel '{channel}' was dropped (see its error)"
            : $"'{channel}' is not a channel of agent '{agent.Name}'";

    private static string? ChannelHint(AgentConfig agent, string channel)
    {
        var near = NameSuggester.Nearest(channel, agent.Active[SectionKind.Channels]);
        return near is not null ? $"did you mean '{near}'?" : $"channels of '{agent.Name}': {string.Join(' ', agent.Active[SectionKind.Channels])}";
    }

    private static string? SinkHint(AgentConfig agent, string sink)
    {
        var near = NameSuggester.Nearest(sink, agent.Active[SectionKind.Sinks]);
        return near is null ? null : $"did you mean '{near}'?";
    }

    private static string ListedButUndefinedHint(AgentConfig agent, SectionKind kind, string name)
    {
        if (name.Contains(',', StringComparison.Ordinal))
        {
            return $"Flume splits {agent.Name}.{kind.ListKey()} on whitespace, so '{name}' is one name: separate the names with spaces";
        }
        if (kind == SectionKind.Sinks && agent.Components(SectionKind.SinkGroups).ContainsKey(name))
        {
            return $"'{name}' is a sink group ({agent.Name}.sinkgroups.{name}.* is defined): list it in {agent.Name}.sinkgroups, and its sinks in {agent.Name}.sinks";
        }
        var near = NameSuggester.Nearest(name, agent.Components(kind).Keys);
        return near is not null
            ? $"did you mean '{near}'? ({agent.Name}.{kind.ListKey()}.{near}.* is defined)"
            : $"define {agent.Name}.{kind.ListKey()}.{name}.type";
    }
}
