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
            foreach (var channel in agent.SourceChannels[name])
            {
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
            foreach (var k in agent.Active[SectionKind.Sinks])
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

    // Flume's memory channel replaces a zero or negative capacity with its default.
    private static long Positive(long? value, string? fallback) =>
        value is > 0 ? value.Value : (fallback is not null && OptionValues.TryParseLong(fallback, out var f) ? f : long.MaxValue);
}
