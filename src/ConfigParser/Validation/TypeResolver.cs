using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.ConfigParser.Validation;

/// <summary>Resolves a <c>type</c> value through the catalog and reports unknown, wrong-case and unsupported types.</summary>
public static class TypeResolver
{
    /// <returns>The spec when this agent would run the component; null when it is unknown or not runnable.</returns>
    /// <param name="outcome">What Flume does when it cannot load the class, when it is not the kind's usual drop.</param>
    public static ComponentSpec? Resolve(ValidationContext ctx, ComponentKind kind, ConfigProperty type, string subject, string? outcome = null)
    {
        var unloadable = outcome;
        var d = ctx.Diagnostics;
        var match = ctx.Catalog.Resolve(kind, type.Value);
        if (match is null)
        {
            var names = new List<string>();
            foreach (var s in ctx.Catalog.All)
            {
                if (s.Kind == kind)
                {
                    names.AddRange(s.Aliases);
                    names.AddRange(s.ClassNames);
                }
            }
            var near = NameSuggester.Nearest(type.Value, names, ignoreCase: true);
            // A long class name is always "near" something at a third of its length: only a typo-sized distance helps.
            if (near is not null && CustomClassHint.IsClassName(type.Value)
                && NameSuggester.Distance(type.Value.ToLowerInvariant(), near.ToLowerInvariant()) > 3)
            {
                near = null;
            }
            outcome ??= kind is ComponentKind.Source or ComponentKind.Channel or ComponentKind.Sink
                ? $"Flume cannot load it and does not start at all; this agent drops {subject} and starts the rest"
                : $"Flume cannot load it and drops {subject}";
            d.Error(type.Location, DiagnosticCodes.UnknownType, type.FullKey,
                $"unknown {KindName(kind)} type '{type.Value}'; {outcome}",
                Properties.TrailingComment.Start(type.Value) >= 0 ? Properties.TrailingComment.Hint(type.Value)
                : near is not null ? $"did you mean '{near}'?"
                : CustomClassHint.IsClassName(type.Value) ? CustomClassHint.For(kind, type.Value)
                : $"see `flume-ng help components` for the {KindName(kind)} types");
            return null;
        }
        var spec = match.Spec;
        if (match.How == TypeMatchKind.ClassNameWrongCase)
        {
            var exact = FindClass(spec, type.Value);
            // Sources, channels and sinks are instantiated outside Flume's per-component try: the whole load fails.
            // Interceptors, selectors, processors and serializers fail inside it: only their owner is lost.
            var wrongCase = unloadable is not null ? $"so {unloadable}"
                : kind is ComponentKind.Source or ComponentKind.Channel or ComponentKind.Sink
                ? "and the agent does not start"
                : $"so Flume drops {subject}";
            d.Error(type.Location, DiagnosticCodes.UnknownType, type.FullKey,
                $"Java class names are case-sensitive: Flume's validation accepts '{type.Value}' but its class loader does not, {wrongCase}",
                $"write {exact} or the alias {spec.DisplayName}");
            return null;
        }
        switch (spec.Support)
        {
            case SupportLevel.NotYetSupported:
                d.Error(type.Location, DiagnosticCodes.NotYetSupported, type.FullKey,
                    $"{KindName(kind)} type '{type.Value}' is recognised, not yet supported by this agent: it would drop {subject}");
                return spec;
            case SupportLevel.NotPlanned:
                d.Error(type.Location, DiagnosticCodes.NotSupported, type.FullKey,
                    $"{KindName(kind)} type '{type.Value}' is recognised, but this agent does not support it: it would drop {subject}",
                    spec.Description);
                return spec;
            default:
                return spec;
        }
    }

    private static string FindClass(ComponentSpec spec, string value)
    {
        foreach (var c in spec.ClassNames)
        {
            if (c.Equals(value, StringComparison.OrdinalIgnoreCase))
            {
                return c;
            }
        }
        return spec.ClassNames.Count > 0 ? spec.ClassNames[0] : spec.DisplayName;
    }

    /// <summary>The kind whose <see cref="KindName"/> is <paramref name="name"/>.</summary>
    public static ComponentKind? KindNamed(string name)
    {
        foreach (var kind in Enum.GetValues<ComponentKind>())
        {
            if (KindName(kind) == name)
            {
                return kind;
            }
        }
        return null;
    }

    public static string KindName(ComponentKind kind) => kind switch
    {
        ComponentKind.SinkProcessor => "sink processor",
        ComponentKind.ChannelSelector => "channel selector",
        ComponentKind.ConfigFilter => "config filter",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
