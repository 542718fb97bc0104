using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.ConfigParser.Validation;

/// <summary>
/// Checks driven by the option specs, after the structural pass: types, options and values of every surviving
/// component, nested selectors, interceptors, serializers and processors, then what spans components (batch sizes,
/// capacities, timestamps, unused channels). Flume's own second-stage drops are applied to <see cref="AgentConfig.Active"/>.
/// </summary>
public static class SemanticValidator
{
    private static readonly string[] ChannelImplicit = ["type"];
    private static readonly string[] SourceImplicit = ["type", "channels", "selector.", "interceptors", "interceptors."];
    private static readonly string[] SinkImplicit = ["type", "channel"];

    public static void Validate(AgentConfig agent, IComponentCatalog catalog, DiagnosticBag diagnostics)
    {
        if (!agent.IsValid)
        {
            return;
        }
        var ctx = new ValidationContext(agent, catalog, diagnostics);
        foreach (var name in agent.Active[SectionKind.Channels].ToArray())
        {
            CheckComponent(ctx, SectionKind.Channels, ComponentKind.Channel, name, ChannelImplicit);
        }
        CapacityRules.CheckChannels(ctx);
        foreach (var name in agent.Active[SectionKind.Sources].ToArray())
        {
            if (CheckComponent(ctx, SectionKind.Sources, ComponentKind.Source, name, SourceImplicit))
            {
                SourceExtrasChecker.Check(ctx, name);
            }
        }
        foreach (var name in agent.Active[SectionKind.Sinks].ToArray())
        {
            CheckComponent(ctx, SectionKind.Sinks, ComponentKind.Sink, name, SinkImplicit);
        }
        CapacityRules.CheckBatchSizes(ctx);
        SinkGroupChecker.Check(ctx);
        TimestampRules.Check(ctx);
        CapacityRules.CheckUnusedChannels(ctx);
    }

    /// <returns>False when the component is dropped.</returns>
    private static bool CheckComponent(ValidationContext ctx, SectionKind section, ComponentKind kind, string name, string[] implicitKeys)
    {
        var c = ctx.Component(section, name);
        var subject = $"{section.Singular()} '{name}'";
        var spec = TypeResolver.Resolve(ctx, kind, c.Find("type")!, subject);
        if (spec is null)
        {
            ctx.Drop(section, name);
            return false;
        }
        ctx.Specs[(section, name)] = spec;
        var keys = new List<string>(implicitKeys);
        foreach (var slot in spec.Slots)
        {
            keys.Add(slot.TypeKey);
            keys.Add(slot.Prefix);
        }
        var fallsBack = spec.HasTransactionCapacity && spec.DisplayName == "memory";
        var ok = OptionChecker.Check(c.Properties, spec, c.Prefix + ".", keys, subject, c.Location, ctx.Diagnostics, fallsBack);
        foreach (var slot in spec.Slots)
        {
            ok &= CheckSlot(ctx, c, slot, subject);
        }
        ok &= ComponentRules.Check(ctx, c, spec, subject);
        if (!ok)
        {
            ctx.Drop(section, name);
        }
        return ok;
    }

    private static bool CheckSlot(ValidationContext ctx, ComponentConfig c, SubComponentSlot slot, string subject)
    {
        var typeProp = c.Find(slot.TypeKey);
        ComponentSpec? spec;
        if (typeProp is null)
        {
            spec = ctx.Catalog.Resolve(slot.Kind, slot.DefaultType)?.Spec;
        }
        else
        {
            var atStart = slot.LoadedAtStart is { } when
                ? $"Flume cannot load it, but only tries at {when}: it keeps {subject}, which fails there every time; this agent does not start {subject}"
                : null;
            spec = TypeResolver.Resolve(ctx, slot.Kind, typeProp, $"the {slot.TypeKey} of {subject}", atStart);
        }
        if (spec is null)
        {
            return typeProp is null;
        }
        var props = new List<ConfigProperty>(c.SubProperties(slot.Prefix));
        return OptionChecker.Check(props, spec, c.Prefix + "." + slot.Prefix, ["type"], $"{spec.DisplayName} of {subject}",
            c.Location, ctx.Diagnostics);
    }
}
