using System.Text;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Migration;

/// <summary>The report as Markdown (to paste into a ticket or keep next to the config), ending with the full mapping table.</summary>
public static class MarkdownReportWriter
{
    public static string Render(MigrationReport report, IComponentCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(catalog);
        var sb = new StringBuilder();
        sb.Append("# FlumeNet migration report\n\n");
        sb.Append("- Input: `").Append(report.Input).Append("`\n");
        sb.Append("- Configs: ").Append(string.Join(", ", report.Inputs.ConfigFiles.Select(f => $"`{Path.GetFileName(f)}`"))).Append('\n');
        sb.Append("- Environment: ").Append(report.Inputs.EnvFile is null ? "none" : $"`{Path.GetFileName(report.Inputs.EnvFile)}`").Append('\n');
        sb.Append("- Logging: ").Append(report.Inputs.LogFile is null ? "none" : $"`{Path.GetFileName(report.Inputs.LogFile)}`").Append('\n');
        sb.Append("- Output: ").Append(report.OutputDir is null ? "none (give `-o OUTDIR` to write the files)" : $"`{report.OutputDir}`").Append('\n');
        foreach (var n in report.Notes)
        {
            sb.Append("- Note: ").Append(Cell(n)).Append('\n');
        }
        sb.Append("\n**").Append(TextReportWriter.Summary(report)).Append("**\n");
        foreach (var file in report.Files)
        {
            foreach (var agent in file.Agents)
            {
                AppendAgent(sb, agent);
            }
            if (file.Skipped)
            {
                sb.Append("\n## `").Append(file.Name).Append("`: ").Append(Cell(string.Join("; ", file.Notes))).Append('\n');
                continue;
            }
            sb.Append("\n## Output config `").Append(file.Name).Append("`\n\n");
            sb.Append(file.Rewrite.Identical ? "Identical copy of the input.\n" : "Edits, each marked with a `# flumenet-migrate:` line:\n\n");
            foreach (var e in file.Rewrite.Edits)
            {
                sb.Append("- ").Append(Cell(e)).Append('\n');
            }
            foreach (var d in file.Diagnostics)
            {
                sb.Append("- `").Append(d.ToText()).Append("`\n");
            }
            foreach (var n in file.Notes)
            {
                sb.Append("- note: ").Append(Cell(n)).Append('\n');
            }
        }
        AppendEnv(sb, report.Env);
        AppendLog(sb, report);
        AppendMapping(sb, catalog);
        return sb.ToString();
    }

    private static void AppendAgent(StringBuilder sb, AgentReport agent)
    {
        sb.Append("\n## Agent `").Append(agent.Name).Append("` (`").Append(agent.File).Append("`): ").Append(agent.VerdictText).Append("\n\n");
        Bullets(sb, "Would be dropped", agent.Dropped);
        Bullets(sb, "Needs changes", agent.Changes);
        Bullets(sb, "Changed in the output config (review)", agent.Fixed);
        Bullets(sb, "Notes", agent.Notes);
        Bullets(sb, "Custom Java classes (FlumeNet cannot load them)", agent.CustomClasses.Select(c => $"{c.Kind} `{c.ClassName}` (`{c.Key}`): {c.Replacement}").ToList());
        sb.Append("| Component | Type | Recognised as | Support | FlumeNet | Ignored options |\n|---|---|---|---|---|---|\n");
        foreach (var c in agent.Components)
        {
            Row(sb, c, string.Empty);
        }
        var details = agent.Components.SelectMany(c => c.Parts.Prepend(c))
            .Where(c => c.Diagnostics.Count > 0 || c.Notes.Count > 0 || c.MappingNote is not null).ToList();
        foreach (var c in details)
        {
            sb.Append("\n**").Append(c.Title).Append("**\n\n");
            if (c.MappingNote is not null)
            {
                sb.Append("- mapping: ").Append(Cell(c.MappingNote)).Append('\n');
            }
            foreach (var n in c.Notes)
            {
                sb.Append("- note: ").Append(Cell(n)).Append('\n');
            }
            foreach (var d in c.Diagnostics)
            {
                sb.Append("- `").Append(d.ToText()).Append("`\n");
            }
        }
        foreach (var d in agent.Diagnostics)
        {
            sb.Append("- `").Append(d.ToText()).Append("`\n");
        }
    }

    private static void Row(StringBuilder sb, ComponentReport c, string prefix)
    {
        sb.Append("| ").Append(prefix).Append(Cell(c.Title))
            .Append(" | ").Append(c.Type is null ? "–" : $"`{c.Type}`")
            .Append(" | ").Append(Cell(c.Recognition))
            .Append(" | ").Append(c.Support is { } s ? MigrationMap.SupportText(s) : "–")
            .Append(" | ").Append(Cell(TextReportWriter.Outcome(c)))
            .Append(" | ").Append(c.Ignored.Count == 0 ? "–" : string.Join("<br>", c.Ignored.Select(i => $"`{i.Key}`: {Cell(i.Why)}")))
            .Append(" |\n");
        foreach (var p in c.Parts)
        {
            Row(sb, p, prefix + "↳ ");
        }
    }

    private static void AppendEnv(StringBuilder sb, EnvPlan env)
    {
        if (env.IsEmpty)
        {
            return;
        }
        sb.Append("\n## Environment → `").Append(EnvFileWriter.FileName).Append("`\n\n| Setting | Line | Outcome | Why |\n|---|---|---|---|\n");
        foreach (var i in env.Items)
        {
            sb.Append("| `").Append(i.Subject).Append("` | ").Append(i.Line > 0 ? i.Line.ToString(System.Globalization.CultureInfo.InvariantCulture) : "–")
                .Append(" | ").Append(i.Kind).Append(" | ").Append(Cell(i.Why)).Append(" |\n");
        }
        foreach (var s in env.Secrets)
        {
            sb.Append("| `").Append(s.Name).Append("` | – | set it yourself | ").Append(Cell(s.Meaning)).Append(" |\n");
        }
    }

    private static void AppendLog(StringBuilder sb, MigrationReport report)
    {
        if (report.LogError is { } error)
        {
            sb.Append("\n## Logging\n\n").Append(Cell(error)).Append('\n');
        }
        if (report.Log is not { } log)
        {
            return;
        }
        sb.Append("\n## Logging: `").Append(Path.GetFileName(log.Source.SourceFile)).Append("` (").Append(log.Source.Flavor).Append(") → `").Append(LogPlan.FileName).Append("`\n\n");
        foreach (var i in log.Items)
        {
            sb.Append("- ").Append(Cell(i)).Append('\n');
        }
        Bullets(sb, "Notes", log.Notes);
    }

    /// <summary>The whole mapping table of <see cref="MigrationMap"/>, one Markdown table per area.</summary>
    public static void AppendMapping(StringBuilder sb, IComponentCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(sb);
        sb.Append("\n## Mapping table\n");
        string? area = null;
        foreach (var row in MigrationMap.Rows(catalog))
        {
            if (row.Area != area)
            {
                area = row.Area;
                sb.Append("\n### ").Append(area).Append("\n\n| From | To | Status | Why |\n|---|---|---|---|\n");
            }
            sb.Append("| ").Append(Cell(row.From)).Append(" | ").Append(Cell(row.To)).Append(" | ").Append(row.Status)
                .Append(" | ").Append(Cell(row.Why)).Append(" |\n");
        }
    }

    private static void Bullets(StringBuilder sb, string title, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }
        if (!sb.ToString().EndsWith("\n\n", StringComparison.Ordinal))
        {
            sb.Append('\n');
        }
        sb.Append("**").Append(title).Append("**\n\n");
        foreach (var i in items)
        {
            sb.Append("- ").Append(Cell(i)).Append('\n');
        }
        sb.Append('\n');
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
