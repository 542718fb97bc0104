using System.Globalization;
using System.Text;

namespace FlumeNet.Agent.Migration;

/// <summary>The report as plain text for a terminal: per agent its verdict, drops, changes and components; then the output config, flume-env.sh and logging.</summary>
public static class TextReportWriter
{
    public static string Render(MigrationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append("FlumeNet migration report\n");
        sb.Append("Input:  ").Append(report.Input).Append('\n');
        sb.Append("  configs:     ").Append(string.Join(", ", report.Inputs.ConfigFiles.Select(Path.GetFileName))).Append('\n');
        sb.Append("  environment: ").Append(report.Inputs.EnvFile is null ? "(no flume-env.sh)" : Path.GetFileName(report.Inputs.EnvFile)).Append('\n');
        sb.Append("  logging:     ").Append(report.Log is { } l ? $"{Path.GetFileName(l.Source.SourceFile)} ({l.Source.Flavor})"
            : report.Inputs.LogFile is null ? "(no log4j config)" : Path.GetFileName(report.Inputs.LogFile)).Append('\n');
        sb.Append("Output: ").Append(report.OutputDir ?? "(none: give -o OUTDIR to write the files)").Append('\n');
        foreach (var n in report.Notes)
        {
            sb.Append("Note: ").Append(n).Append('\n');
        }
        foreach (var file in report.Files)
        {
            foreach (var agent in file.Agents)
            {
                AppendAgent(sb, agent);
            }
            AppendFile(sb, file);
        }
        AppendEnv(sb, report);
        AppendLog(sb, report);
        sb.Append('\n').Append(Summary(report)).Append('\n');
        return sb.ToString();
    }

    public static string Summary(MigrationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var agents = report.Agents.ToList();
        var n = agents.Count;
        string Count(Verdict v) => agents.Count(a => a.Verdict == v).ToString(CultureInfo.InvariantCulture);
        return $"Summary: {n} agent{(n == 1 ? string.Empty : "s")}: {Count(Verdict.RunsUnchanged)} run unchanged, "
            + $"{Count(Verdict.RunsWithDrops)} would drop components, {Count(Verdict.NeedsChanges)} need changes (exit {report.ExitCode})";
    }

    private static void AppendAgent(StringBuilder sb, AgentReport agent)
    {
        sb.Append("\nAgent '").Append(agent.Name).Append("' (").Append(agent.File).Append("): ").Append(agent.VerdictText).Append('\n');
        List("Would be dropped", agent.Dropped, sb, "  ");
        List("Needs changes", agent.Changes, sb, "  ");
        List("Changed in the output config (review)", agent.Fixed, sb, "  ");
        List("Notes", agent.Notes, sb, "  ");
        List("Custom Java classes (FlumeNet cannot load them)", agent.CustomClasses.Select(c => $"{c.Kind} {c.ClassName} ({c.Key}): {c.Replacement}").ToList(), sb, "  ");
        sb.Append("  Components:\n");
        foreach (var c in agent.Components)
        {
            AppendComponent(sb, c, "    ");
        }
        if (agent.Diagnostics.Count > 0)
        {
            sb.Append("  Agent diagnostics:\n");
            foreach (var d in agent.Diagnostics)
            {
                sb.Append("    ").Append(d.ToText()).Append('\n');
            }
        }
    }

    private static void AppendComponent(StringBuilder sb, ComponentReport c, string indent)
    {
        sb.Append(indent).Append(c.Title).Append(": ").Append(c.Type ?? "(no type)").Append('\n');
        var inner = indent + "  ";
        sb.Append(inner).Append("recognised: ").Append(c.Recognition).Append('\n');
        if (c.Support is { } support)
        {
            sb.Append(inner).Append("support:    ").Append(AgentAnalyzer.SupportText(support)).Append('\n');
        }
        sb.Append(inner).Append("FlumeNet:   ").Append(Outcome(c)).Append('\n');
        if (c.MappingNote is not null)
        {
            sb.Append(inner).Append("mapping:    ").Append(c.MappingNote).Append('\n');
        }
        foreach (var i in c.Ignored)
        {
            sb.Append(inner).Append("ignored:    ").Append(i.Key).Append(": ").Append(i.Why).Append('\n');
        }
        foreach (var n in c.Notes)
        {
            sb.Append(inner).Append("note:       ").Append(n).Append('\n');
        }
        foreach (var d in c.Diagnostics)
        {
            sb.Append(inner).Append("check:      ").Append(d.ToText()).Append('\n');
        }
        foreach (var p in c.Parts)
        {
            AppendComponent(sb, p, inner);
        }
    }

    /// <summary>"runs", or "would be dropped" with the reason when the support line does not already say it.</summary>
    public static string Outcome(ComponentReport c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.Runs)
        {
            return "runs";
        }
        return c.Support is { } s && c.DropReason == AgentAnalyzer.SupportText(s) ? "would be dropped" : $"would be dropped: {c.DropReason}";
    }

    private static void AppendFile(StringBuilder sb, ConfigFileReport file)
    {
        var r = file.Rewrite;
        if (file.Skipped)
        {
            sb.Append("\nConfig ").Append(file.Name).Append(": ").Append(string.Join("; ", file.Notes)).Append('\n');
            return;
        }
        sb.Append("\nConfig ").Append(file.Name).Append(" -> output ").Append(file.Name).Append(": ")
            .Append(r.Identical ? "identical copy" : $"{r.Edits.Count} edit{(r.Edits.Count == 1 ? string.Empty : "s")}, each marked with a '# flumenet-migrate:' line")
            .Append('\n');
        foreach (var e in r.Edits)
        {
            sb.Append("  ").Append(e).Append('\n');
        }
        foreach (var n in file.Notes)
        {
            sb.Append("  note: ").Append(n).Append('\n');
        }
        if (file.Diagnostics.Count > 0)
        {
            sb.Append("  File diagnostics:\n");
            foreach (var d in file.Diagnostics)
            {
                sb.Append("    ").Append(d.ToText()).Append('\n');
            }
        }
    }

    private static void AppendEnv(StringBuilder sb, MigrationReport report)
    {
        var env = report.Env;
        if (env.IsEmpty)
        {
            return;
        }
        sb.Append("\nEnvironment (").Append(env.SourceFile is null ? "no flume-env.sh" : Path.GetFileName(env.SourceFile)).Append(") -> ").Append(EnvFileWriter.FileName).Append('\n');
        foreach (var i in env.Items)
        {
            var label = i.Kind switch
            {
                EnvItemKind.Carried => "carried:        ",
                EnvItemKind.Flag => "flag:           ",
                EnvItemKind.NotNeeded => "not needed:     ",
                EnvItemKind.NotApplicable => "not applicable: ",
                _ => "secret:         ",
            };
            sb.Append("  ").Append(label).Append(i.Subject).Append(i.Line > 0 ? $" (line {i.Line})" : string.Empty).Append(": ").Append(i.Why).Append('\n');
        }
        foreach (var s in env.Secrets)
        {
            sb.Append("  set yourself:   ").Append(s.Name).Append(": ").Append(s.Meaning).Append('\n');
        }
        if (env.SkippedLines.Count > 0)
        {
            sb.Append("  skipped lines:  ").Append(string.Join(", ", env.SkippedLines)).Append(" (shell logic: read, never run)\n");
        }
    }

    private static void AppendLog(StringBuilder sb, MigrationReport report)
    {
        if (report.LogError is { } error)
        {
            sb.Append("\nLogging: ").Append(error).Append('\n');
        }
        if (report.Log is not { } log)
        {
            return;
        }
        sb.Append("\nLogging (").Append(Path.GetFileName(log.Source.SourceFile)).Append(", ").Append(log.Source.Flavor).Append(") -> ").Append(LogPlan.FileName).Append('\n');
        foreach (var i in log.Items)
        {
            sb.Append("  ").Append(i).Append('\n');
        }
        List("Notes", log.Notes, sb, "  ");
    }

    private static void List(string title, IReadOnlyList<string> items, StringBuilder sb, string indent)
    {
        if (items.Count == 0)
        {
            return;
        }
        sb.Append(indent).Append(title).Append(":\n");
        foreach (var i in items)
        {
            sb.Append(indent).Append("  - ").Append(i).Append('\n');
        }
    }
}
