using System.Text;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry;

/// <summary>
/// Renders the registry for people: the Markdown reference in docs/components.md, the one-line-per-component list of
/// <c>flume-ng help components</c>, and one component's options for <c>flume-ng help TYPE</c>. Output is deterministic:
/// kinds in enum order, components in table order, options in declaration order, '\n' line ends.
/// </summary>
public static class ComponentReference
{
    public static string RenderMarkdown(IComponentCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var sb = new StringBuilder();
        sb.Append("# Component reference\n\n");
        sb.Append("Generated from the component registry (`src/Agent/Registry`) by `ComponentReference`: do not edit by hand. ");
        sb.Append("To regenerate, run the registry tests with `FLUMENET_UPDATE_GOLDEN=1`.\n\n");
        sb.Append("A `type` matches an alias in any case (`MEMORY`, `Memory`) or a Java class name exactly. ");
        sb.Append("Support: **runnable** = this agent runs it; **not yet** = recognised and checked, not implemented yet ");
        sb.Append("(the agent drops it); **not planned** = it needs a Java-only system or a service this agent does not speak.\n\n");
        sb.Append("Option keys are relative to the component (`a1.sinks.k1.hdfs.path` is `hdfs.path` of sink `k1`). ");
        sb.Append("A key ending in `.*` takes any key under that prefix. Values of secret options are shown as `***` everywhere.\n");
        foreach (var kind in Enum.GetValues<ComponentKind>())
        {
            var specs = Of(catalog, kind);
            if (specs.Count == 0)
            {
                continue;
            }
            sb.Append("\n## ").Append(KindTitle(kind)).Append("\n\n");
            sb.Append(KindIntro(kind)).Append("\n\n");
            sb.Append("| Type | Alias | Class | Origin | Support |\n|---|---|---|---|---|\n");
            foreach (var s in specs)
            {
                sb.Append("| ").Append(s.DisplayName)
                    .Append(" | ").Append(s.Aliases.Count == 0 ? "–" : Codes(s.Aliases))
                    .Append(" | ").Append(Codes(s.ClassNames))
                    .Append(" | ").Append(s.Origin)
                    .Append(" | ").Append(SupportText(s.Support))
                    .Append(" |\n");
            }
            foreach (var s in specs)
            {
                AppendMarkdownComponent(sb, s);
            }
        }
        return sb.ToString();
    }

    /// <summary>One line per component: kind, aliases, class names, support.</summary>
    private static readonly string[] TextHeader = ["KIND", "TYPE", "CLASS", "STATUS"];

    public static string RenderText(IComponentCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var rows = new List<string[]> { TextHeader };
        foreach (var kind in Enum.GetValues<ComponentKind>())
        {
            foreach (var s in Of(catalog, kind))
            {
                rows.Add([KindName(kind), s.Aliases.Count == 0 ? "-" : string.Join(',', s.Aliases), string.Join(',', s.ClassNames), SupportText(s.Support)]);
            }
        }
        var widths = new int[3];
        foreach (var r in rows)
        {
            for (var i = 0; i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], r[i].Length);
            }
        }
        var sb = new StringBuilder();
        foreach (var r in rows)
        {
            for (var i = 0; i < widths.Length; i++)
            {
                sb.Append(r[i].PadRight(widths[i])).Append("  ");
            }
            sb.Append(r[3]).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>One component for a terminal: what it is, how it is named, and its options.</summary>
    public static string RenderComponent(ComponentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var sb = new StringBuilder();
        sb.Append(spec.DisplayName).Append(" (").Append(KindName(spec.Kind)).Append(", ").Append(spec.Origin)
            .Append(", ").Append(SupportText(spec.Support)).Append(")\n");
        sb.Append("  ").Append(spec.Description).Append('\n');
        if (spec.Aliases.Count > 0)
        {
            sb.Append("  alias: ").Append(string.Join(", ", spec.Aliases)).Append('\n');
        }
        sb.Append("  class: ").Append(string.Join(", ", spec.ClassNames)).Append('\n');
        foreach (var fact in Facts(spec))
        {
            sb.Append("  ").Append(fact).Append('\n');
        }
        if (spec.Options.Count == 0)
        {
            sb.Append("  no options\n");
            return sb.ToString();
        }
        var width = 0;
        foreach (var o in spec.Options)
        {
            width = Math.Max(width, KeyText(o).Length);
        }
        sb.Append("options:\n");
        foreach (var o in spec.Options)
        {
            sb.Append("  ").Append(KeyText(o).PadRight(width)).Append("  ").Append(TypeText(o));
            if (o.Default is not null)
            {
                sb.Append(", default ").Append(o.Default.Length == 0 ? "\"\"" : o.Default);
            }
            sb.Append(o.Required ? ", required" : string.Empty).Append(o.Secret ? ", secret" : string.Empty).Append('\n');
            sb.Append("  ").Append(new string(' ', width)).Append("  ").Append(Notes(o, markdown: false)).Append('\n');
        }
        return sb.ToString();
    }

    private static void AppendMarkdownComponent(StringBuilder sb, ComponentSpec s)
    {
        sb.Append("\n### ").Append(s.DisplayName).Append("\n\n");
        sb.Append(Md(s.Description)).Append('\n');
        var facts = Facts(s);
        if (facts.Count > 0)
        {
            sb.Append('\n');
            foreach (var fact in facts)
            {
                sb.Append("- ").Append(Md(fact)).Append('\n');
            }
        }
        if (s.Options.Count == 0)
        {
            sb.Append("\nNo options.\n");
            return;
        }
        sb.Append("\n| Key | Type | Default | Required | Description |\n|---|---|---|---|---|\n");
        foreach (var o in s.Options)
        {
            sb.Append("| `").Append(KeyText(o)).Append("` | ").Append(Md(TypeText(o)))
                .Append(" | ").Append(o.Default is null ? "–" : "`" + (o.Default.Length == 0 ? "\"\"" : Code(o.Default)) + "`")
                .Append(" | ").Append(o.Required ? "yes" : string.Empty)
                .Append(" | ").Append(Notes(o, markdown: true))
                .Append(" |\n");
        }
    }

    /// <summary>What the validator and the runtime know about a component beyond its options.</summary>
    private static List<string> Facts(ComponentSpec s)
    {
        var facts = new List<string>();
        if (s.BatchSizeKey is { } batch)
        {
            facts.Add(s.ChecksBatchSize
                ? $"Batch size: {batch} (must not exceed the transactionCapacity of a memory, file or spillable-memory channel)."
                : $"Batch size: {batch} (larger than the channel's transactionCapacity is a warning: transactions are capped at it).");
        }
        if (s.HasTransactionCapacity)
        {
            facts.Add("Checks the batch sizes of its sources and sinks against its transactionCapacity.");
        }
        if (s.Kind == ComponentKind.Source)
        {
            facts.Add(s.SetsTimestamp switch
            {
                TimestampHeader.Always => "Timestamp header: always set.",
                TimestampHeader.Maybe => "Timestamp header: depends on the data or the sender.",
                _ => "Timestamp header: never set (add a timestamp interceptor for time escapes downstream).",
            });
        }
        foreach (var slot in s.Slots)
        {
            facts.Add($"Nested {KindName(slot.Kind)}: {slot.TypeKey} (default {slot.DefaultType}), configured by {slot.Prefix}* keys.");
        }
        return facts;
    }

    private static string Notes(OptionSpec o, bool markdown)
    {
        var text = markdown ? Md(o.Description) : o.Description;
        if (o.Secret && markdown)
        {
            text += " **Secret.**";
        }
        if (o.IgnoredBecause is { } why)
        {
            text += markdown ? $" *Ignored by this agent: {Md(why)}.*" : $" Ignored by this agent: {why}.";
        }
        if (o.DeprecatedBy is { } by)
        {
            text += markdown ? $" *Deprecated: {Md(by)}.*" : $" Deprecated: {by}.";
        }
        return text;
    }

    private static string KeyText(OptionSpec o) => o.IsPrefix ? o.Key + "*" : o.Key;

    private static string TypeText(OptionSpec o)
    {
        var type = o.Type switch
        {
            OptionType.Enum => "one of " + string.Join(", ", o.Choices ?? []),
            _ => o.Type.ToString().ToLowerInvariant(),
        };
        if (o.Type == OptionType.Enum && o.ChoicesCaseSensitive)
        {
            type += " (case-sensitive)";
        }
        if (o.AcceptsClassName)
        {
            type += " or a Java class";
        }
        type += (o.Min, o.Max) switch
        {
            ({ } min, { } max) => $" {min}–{max}",
            ({ } min, null) => $" ≥ {min}",
            (null, { } max) => $" ≤ {max}",
            _ => string.Empty,
        };
        return o.IsPrefix ? "prefix: " + type : type;
    }

    private static List<ComponentSpec> Of(IComponentCatalog catalog, ComponentKind kind)
    {
        var list = new List<ComponentSpec>();
        foreach (var s in catalog.All)
        {
            if (s.Kind == kind)
            {
                list.Add(s);
            }
        }
        return list;
    }

    private static string Codes(IReadOnlyList<string> names) => string.Join(", ", names.Select(n => "`" + n + "`"));

    // Plain text in Markdown (and in table cells): a pipe would end the cell, a line break the row, <name> would be
    // taken for an HTML tag, and __x__ or *x* for emphasis.
    private static string Md(string text) => Code(text)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace("_", "\\_", StringComparison.Ordinal)
        .Replace("*", "\\*", StringComparison.Ordinal);

    // Inside a code span only the pipe needs escaping (GitHub tables).
    private static string Code(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string SupportText(SupportLevel level) => level switch
    {
        SupportLevel.Runnable => "runnable",
        SupportLevel.NotYetSupported => "not yet",
        _ => "not planned",
    };

    private static string KindName(ComponentKind kind) => kind switch
    {
        ComponentKind.SinkProcessor => "sink processor",
        ComponentKind.ChannelSelector => "channel selector",
        ComponentKind.ConfigFilter => "config filter",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string KindTitle(ComponentKind kind) => kind switch
    {
        ComponentKind.Source => "Sources",
        ComponentKind.Channel => "Channels",
        ComponentKind.Sink => "Sinks",
        ComponentKind.SinkProcessor => "Sink processors",
        ComponentKind.ChannelSelector => "Channel selectors",
        ComponentKind.Interceptor => "Interceptors",
        ComponentKind.Serializer => "Event serializers",
        _ => "Config filters",
    };

    private static string KindIntro(ComponentKind kind) => kind switch
    {
        ComponentKind.Source =>
            "`a1.sources.<name>.type`. Every source also takes `channels`, `selector.type`, `selector.*`, `interceptors` and `interceptors.*`.",
        ComponentKind.Channel => "`a1.channels.<name>.type`.",
        ComponentKind.Sink => "`a1.sinks.<name>.type`. Every sink also takes `channel` (exactly one).",
        ComponentKind.SinkProcessor =>
            "`a1.sinkgroups.<group>.processor.type`; options under `a1.sinkgroups.<group>.processor.`. The group itself takes `sinks`.",
        ComponentKind.ChannelSelector => "`a1.sources.<name>.selector.type` (default replicating); options under `a1.sources.<name>.selector.`.",
        ComponentKind.Interceptor =>
            "`a1.sources.<name>.interceptors.<i>.type`; options under `a1.sources.<name>.interceptors.<i>.`, run in the order of `interceptors`.",
        ComponentKind.Serializer => "The hdfs sink's `serializer` and the file_roll sink's `sink.serializer`; options under `serializer.` and `sink.serializer.`.",
        _ => "`a1.configfilters.<name>.type`; values elsewhere refer to them as `${name['KEY']}`.",
    };
}
