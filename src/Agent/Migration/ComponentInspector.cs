using FlumeNet.Agent.Registry;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Migration;

/// <summary>
/// The facts of one component and its parts (selector, interceptors, serializer, sink processor): how the type was
/// recognised, its support, the options FlumeNet ignores and why. Kerberos options are changes to make; unknown keys
/// get a rename proposal from <see cref="KeyFixProposer"/>.
/// </summary>
internal sealed class ComponentInspector
{
    private static readonly string[] SourceImplicit = ["type", "channels", "selector.", "interceptors", "interceptors."];
    private static readonly string[] SinkImplicit = ["type", "channel"];
    private static readonly string[] TypeOnly = ["type"];
    private static readonly string[] GroupImplicit = ["sinks", "processor."];

    private readonly ComponentRegistry _registry;

    public ComponentInspector(ComponentRegistry registry) => _registry = registry;

    public ComponentReport Build(AnalysisState s, SectionKind section, string name)
    {
        var r = new ComponentReport(section.Singular(), name);
        var c = s.Agent.Component(section, name);
        if (c is null)
        {
            r.Recognition = "listed, but no property defines it";
            return r;
        }
        if (section == SectionKind.SinkGroups)
        {
            r.Recognition = "sink group";
            r.Parts.Add(Part(s, c, "processor", "processor", ComponentKind.SinkProcessor, "processor.type", "default", "processor."));
            CollectIgnored(r, c.Properties, null, GroupImplicit, c, null, s);
            return r;
        }
        var kind = section switch
        {
            SectionKind.Sources => ComponentKind.Source,
            SectionKind.Channels => ComponentKind.Channel,
            SectionKind.Sinks => ComponentKind.Sink,
            _ => ComponentKind.ConfigFilter,
        };
        r.Type = c.Type;
        var match = r.Type is null ? null : _registry.Resolve(kind, r.Type);
        Describe(r, match, r.Type, explicitType: true);
        if (match is { How: not TypeMatchKind.ClassNameWrongCase } && match.Spec.Support != SupportLevel.Runnable && c.Find("type") is { } typeProp)
        {
            s.DropTypeKeys.Add(typeProp.FullKey);
        }
        var spec = match?.Spec;
        switch (section)
        {
            case SectionKind.Sources:
                r.Parts.Add(Part(s, c, "selector", "selector", ComponentKind.ChannelSelector, "selector.type", "replicating", "selector."));
                foreach (var i in NameList.SplitWhitespace(c.Get("interceptors") ?? string.Empty))
                {
                    r.Parts.Add(Part(s, c, "interceptor", i, ComponentKind.Interceptor, $"interceptors.{i}.type", null, $"interceptors.{i}."));
                }
                CollectIgnored(r, c.Properties, spec, SourceImplicit, c, match, s);
                break;
            case SectionKind.Sinks:
                foreach (var slot in spec?.Slots ?? [])
                {
                    r.Parts.Add(Part(s, c, slot.Kind == ComponentKind.Serializer ? "serializer" : slot.Kind.ToString().ToLowerInvariant(),
                        slot.TypeKey, slot.Kind, slot.TypeKey, slot.DefaultType, slot.Prefix));
                }
                CollectIgnored(r, c.Properties, spec, SinkImplicit, c, match, s);
                break;
            default:
                CollectIgnored(r, c.Properties, spec, TypeOnly, c, match, s);
                break;
        }
        // Parts set to their default and runnable say nothing worth a line.
        r.Parts.RemoveAll(p => p.Runs && p.Type is null && p.Ignored.Count == 0);
        return r;
    }

    private ComponentReport Part(AnalysisState s, ComponentConfig c, string kind, string name, ComponentKind componentKind, string typeKey, string? defaultType, string prefix)
    {
        var r = new ComponentReport(kind, name);
        var typeProp = c.Find(typeKey);
        r.Type = typeProp?.Value;
        var type = typeProp?.Value ?? defaultType;
        var match = type is null ? null : _registry.Resolve(componentKind, type);
        Describe(r, match, type, explicitType: typeProp is not null);
        r.Runs = match is { How: not TypeMatchKind.ClassNameWrongCase } && match.Spec.Support == SupportLevel.Runnable;
        if (!r.Runs)
        {
            r.DropReason = match is null || match.How == TypeMatchKind.ClassNameWrongCase ? r.Recognition : AgentAnalyzer.SupportText(match.Spec.Support);
            if (typeProp is not null && match is { How: not TypeMatchKind.ClassNameWrongCase })
            {
                s.DropTypeKeys.Add(typeProp.FullKey);
            }
        }
        var implicitKeys = componentKind == ComponentKind.Serializer ? Array.Empty<string>() : TypeOnly;
        CollectIgnored(r, [.. c.SubProperties(prefix)], match?.Spec, implicitKeys, null, null, s);
        return r;
    }

    private static void Describe(ComponentReport r, TypeMatch? match, string? type, bool explicitType)
    {
        if (type is null)
        {
            r.Recognition = "no type";
            return;
        }
        if (match is null)
        {
            r.Recognition = $"unknown type '{type}': not a Flume, EMR or aliyun-log-flume type FlumeNet knows";
            return;
        }
        var spec = match.Spec;
        r.Origin = spec.Origin;
        r.Support = spec.Support;
        r.MappingNote = MigrationMap.ComponentNote(spec);
        var how = match.How switch
        {
            TypeMatchKind.Alias => $"{spec.Origin} alias '{type}'" + (spec.ClassNames.Count > 0 ? $" ({spec.ClassNames[0]})" : string.Empty),
            TypeMatchKind.ClassName => $"{spec.Origin} class",
            _ => $"{spec.Origin} class name in the wrong case: Flume's class loader fails on it (write {spec.ClassNames.FirstOrDefault(n => n.Equals(type, StringComparison.OrdinalIgnoreCase))})",
        };
        r.Recognition = explicitType ? how : $"default '{type}'";
    }

    private static void CollectIgnored(ComponentReport r, IReadOnlyList<ConfigProperty> props, ComponentSpec? spec, string[] implicitKeys,
        ComponentConfig? component, TypeMatch? match, AnalysisState s)
    {
        var kerberos = new List<string>();
        string? kerberosWhy = null;
        foreach (var p in props)
        {
            if (IsImplicit(p.Key, implicitKeys) || (spec?.Slots.Any(sl => p.Key == sl.TypeKey || p.Key.StartsWith(sl.Prefix, StringComparison.Ordinal)) ?? false))
            {
                continue;
            }
            if (spec is null)
            {
                if (component is not null && component.Section == SectionKind.SinkGroups)
                {
                    r.Ignored.Add(new IgnoredOption(p.FullKey, "a sink group takes only sinks and processor.*: Flume ignores it too"));
                }
                continue;
            }
            var option = spec.FindOption(p.Key);
            if (option is null)
            {
                r.Ignored.Add(new IgnoredOption(p.FullKey, $"not an option of {spec.DisplayName}: Flume ignores it too"));
                if (component is not null && match is not null)
                {
                    KeyFixProposer.Propose(s, component, match.Spec, p, implicitKeys);
                }
            }
            else if (option.IgnoredBecause is { } why)
            {
                r.Ignored.Add(new IgnoredOption(p.FullKey, why));
                if (why.Contains("Kerberos", StringComparison.Ordinal))
                {
                    kerberos.Add(p.FullKey);
                    kerberosWhy = why;
                    s.Marks.Add(new LineMark(p.Location.Line, $"FlumeNet ignores this: {why}"));
                }
            }
        }
        if (kerberos.Count > 0)
        {
            s.Report.AddChange(kerberos[0], $"{string.Join(", ", kerberos)}: {kerberosWhy}; the cluster must accept FlumeNet without Kerberos, or this agent stays on Flume");
        }
    }

    private static bool IsImplicit(string key, string[] implicitKeys)
    {
        foreach (var k in implicitKeys)
        {
            if (k.EndsWith('.') ? key.StartsWith(k, StringComparison.Ordinal) : key == k)
            {
                return true;
            }
        }
        return false;
    }
}
