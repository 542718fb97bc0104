using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;

namespace FlumeNet.ConfigParser.Validation;

/// <summary>Flume's capacity rules (reference §8.4, §3.10): transactionCapacity ≤ capacity; batchSize ≤ the channel's transactionCapacity; channels nobody uses are removed.</summary>
public static class CapacityRules
{
    public static void CheckChannels(ValidationContext ctx)
    {
        foreach (var name in ctx.Agent.Active[SectionKind.Channels].ToArray())
        {
            var c = ctx.Component(SectionKind.Channels, name);
            if (ctx.SpecOf(SectionKind.Channels, name) is { } spill && spill.FindOption("overflowCapacity") is not null)
            {
                if (!CheckSpillableOverflow(ctx, c, spill, name))
                {
                    ctx.Drop(SectionKind.Channels, name);
                }
                continue;
            }
            if (ctx.SpecOf(SectionKind.Channels, name) is not { HasTransactionCapacity: true } spec
                || spec.FindOption("capacity") is null)
            {
                continue;
            }
            var capacity = Positive(ValidationContext.EffectiveLong(c, spec, "capacity"), spec.FindOption("capacity")!.Default);
            var tx = Positive(ValidationContext.EffectiveLong(c, spec, "transactionCapacity"), spec.FindOption("transactionCapacity")?.Default);
            if (tx > capacity)
            {
                var at = c.Find("transactionCapacity")?.Location ?? c.Find("capacity")?.Location ?? c.Location;
                ctx.Diagnostics.Error(at, DiagnosticCodes.TransactionExceedsCapacity, c.Prefix + ".transactionCapacity",
                    $"{tx} exceeds capacity {capacity}; Flume fails to configure channel '{name}' and drops it with everything connected to it",
                    "raise capacity or lower transactionCapacity");
                ctx.Drop(SectionKind.Channels, name);
            }
        }
    }

    public static void CheckBatchSizes(ValidationContext ctx)
    {
        var agent = ctx.Agent;
        foreach (var name in agent.Active[SectionKind.Sources].ToArray())
        {
            // Flume connects a source to those of its channels that were built and drops it only when none is left
            // (or when its selector names a lost channel, which the selector check reports).
            var channels = agent.SourceChannels[name];
            var lost = channels.Where(ch => !ctx.IsActive(SectionKind.Channels, ch)).ToList();
            var keepsOthers = lost.Count > 0 && lost.Count < channels.Count && !SelectorNames(ctx, name, lost);
            if (keepsOthers)
            {
                var c = ctx.Component(SectionKind.Sources, name);
                ctx.Diagnostics.Warning(c.Find("channels")?.Location ?? c.Location, DiagnosticCodes.ComponentDropped, c.Prefix + ".channels",
                    $"channel {string.Join(", ", lost.Select(l => $"'{l}'"))} is dropped (see its error); Flume keeps source '{name}' on its other channels, and so does this agent");
            }
            foreach (var channel in channels)
            {
                if (keepsOthers && lost.Contains(channel))
                {
                    continue;
                }
                if (!CheckOne(ctx, SectionKind.Sources, name, channel))
                {
                    break;
                }
            }
        }
        foreach (var name in agent.Active[SectionKind.Sinks].ToArray())
        {
            CheckOne(ctx, SectionKind.Sinks, name, ctx.Component(SectionKind.Sinks, name).Get("channel")!);
        }
    }

    private static bool CheckOne(ValidationContext ctx, SectionKind section, string name, string channel)
    {
        var c = ctx.Component(section, name);
        var subject = $"{section.Singular()} '{name}'";
        if (!ctx.IsActive(SectionKind.Channels, channel))
        {
            ctx.Diagnostics.Error(c.Location, DiagnosticCodes.ComponentDropped, c.Prefix,
                $"its channel '{channel}' is dropped (see its error), so Flume drops {subject} too");
            ctx.Drop(section, name);
            return false;
        }
        if (ctx.SpecOf(section, name) is not { BatchSizeKey: { } batchKey } spec
            || ctx.SpecOf(SectionKind.Channels, channel) is not { HasTransactionCapacity: true } channelSpec)
        {
            return true;
        }
        var channelConfig = ctx.Component(SectionKind.Channels, channel);
        var batch = ValidationContext.EffectiveLong(c, spec, batchKey);
        var tx = Positive(ValidationContext.EffectiveLong(channelConfig, channelSpec, "transactionCapacity"),
            channelSpec.FindOption("transactionCapacity")?.Default);
        if (batch is { } b && b > tx)
        {
            var at = c.Find(batchKey)?.Location ?? c.Location;
            var set = c.Find(batchKey) is null ? $" (its default)" : string.Empty;
            if (!spec.ChecksBatchSize)
            {
                ctx.Diagnostics.Warning(at, DiagnosticCodes.BatchExceedsTransaction, $"{c.Prefix}.{batchKey}",
                    $"{b}{set} exceeds the transactionCapacity {tx} of channel '{channel}'; Flume keeps {subject} (it has no batch-size check), whose transactions hold at most {tx} events",
                    $"lower {batchKey} or raise {channelConfig.Prefix}.transactionCapacity");
                return true;
            }
            ctx.Diagnostics.Error(at, DiagnosticCodes.BatchExceedsTransaction, $"{c.Prefix}.{batchKey}",
                $"{b}{set} exceeds the transactionCapacity {tx} of channel '{channel}'; Flume drops {subject}",
                $"lower {batchKey} or raise {channelConfig.Prefix}.transactionCapacity");
            ctx.Drop(section, name);
            return false;
        }
        return true;
    }

    public static void CheckUnusedChannels(ValidationContext ctx)
    {
        var agent = ctx.Agent;
        foreach (var channel in agent.Active[SectionKind.Channels].ToArray())
        {
            var used = false;
            foreach (var s in agent.Active[SectionKind.Sources])
            {
                used |= agent.SourceChannels[s].Contains(channel);
            }
            foreach (var k in agent.Active[SectionKind.Sinks].Concat(ctx.SinksOfFailedGroups))
            {
                used |= ctx.Component(SectionKind.Sinks, k).Get("channel") == channel;
            }
            if (!used)
            {
                var c = ctx.Component(SectionKind.Channels, channel);
                ctx.Diagnostics.Warning(c.Location, DiagnosticCodes.UnusedChannel, c.Prefix,
                    $"no running source or sink uses channel '{channel}'; Flume removes it");
                ctx.Drop(SectionKind.Channels, channel);
            }
        }
    }

    // A selector built over the remaining channels fails when its mapping, optional or default names a lost one.
    private static bool SelectorNames(ValidationContext ctx, string source, List<string> lost)
    {
        foreach (var p in ctx.Component(SectionKind.Sources, source).SubProperties("selector."))
        {
            if (p.Key != "type" && p.Key != "header" && NameList.SplitWhitespace(p.Value).Any(lost.Contains))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The spillable memory channel configures its embedded file channel with capacity = overflowCapacity (when it is
    /// above 0) and the file channel's transactionCapacity (default 10000), which must not be larger.
    /// </summary>
    private static bool CheckSpillableOverflow(ValidationContext ctx, ComponentConfig c, Specs.ComponentSpec spec, string name)
    {
        var overflow = ValidationContext.EffectiveLong(c, spec, "overflowCapacity");
        var tx = ValidationContext.EffectiveLong(c, spec, "transactionCapacity");
        if (overflow is not > 0 || tx is not { } t || t <= overflow)
        {
            return true;
        }
        var at = c.Find("overflowCapacity")?.Location ?? c.Location;
        var txText = c.Find("transactionCapacity") is null ? $"{t} (the file channel's default)" : t.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ctx.Diagnostics.Error(at, DiagnosticCodes.TransactionExceedsCapacity, c.Prefix + ".overflowCapacity",
            $"overflowCapacity {overflow} is below the transactionCapacity {txText} of the embedded file channel; Flume fails to configure channel '{name}' and drops it with everything connected to it",
            $"raise overflowCapacity to at least {t}, or set {c.Prefix}.transactionCapacity ≤ {overflow}");
        return false;
    }

    // Flume's memory channel replaces a zero or negative capacity with its default.
    private static long Positive(long? value, string? fallback) =>
        value is > 0 ? value.Value : (fallback is not null && OptionValues.TryParseLong(fallback, out var f) ? f : long.MaxValue);
}
