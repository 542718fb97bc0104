using System.Text;

namespace FlumeNet.Agent.Migration;

/// <summary>
/// Writes <c>flumenet.env</c>: <c>NAME=value</c> lines a shell (<c>set -a; . ./flumenet.env</c>) and systemd's
/// <c>EnvironmentFile=</c> both read, the agent flags in <c>FLUMENET_AGENT_FLAGS</c>, secrets as commented placeholders,
/// and what was dropped as comments. Never holds a secret value.
/// </summary>
public static class EnvFileWriter
{
    public const string FileName = "flumenet.env";
    public const string FlagsVariable = "FLUMENET_AGENT_FLAGS";

    public static string Render(EnvPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var sb = new StringBuilder();
        var from = plan.SourceFile is null ? "the agent configs" : Path.GetFileName(plan.SourceFile);
        sb.Append("# flumenet.env: what ").Append(from).Append(" meant, for FlumeNet (written by `flume-ng migrate`).\n");
        sb.Append("# Load it where the agent starts (systemd: EnvironmentFile=; a shell: set -a; . ./flumenet.env; set +a),\n");
        sb.Append("# then pass the flags: bin/flume-ng agent -n AGENT -c CONF -f CONFIG $").Append(FlagsVariable).Append('\n');
        if (plan.Variables.Count > 0 || plan.Flags.Count > 0)
        {
            sb.Append('\n');
        }
        foreach (var (name, value) in plan.Variables)
        {
            sb.Append(name).Append('=').Append(Quote(value)).Append('\n');
        }
        if (plan.Flags.Count > 0)
        {
            var flags = string.Join(' ', plan.Flags.Select(f => $"-D{f.Key}={f.Value}"));
            sb.Append(FlagsVariable).Append('=').Append(Quote(flags)).Append('\n');
        }
        if (plan.Secrets.Count > 0)
        {
            sb.Append("\n# Secrets: set these yourself where the agent runs; their values were not copied.\n");
            foreach (var s in plan.Secrets)
            {
                sb.Append('#').Append(s.Name).Append("=    # ").Append(s.Meaning).Append('\n');
            }
        }
        AppendDropped(sb, plan, EnvItemKind.NotNeeded, "Not needed (JVM heap, GC and runtime settings; FlumeNet runs on .NET):");
        AppendDropped(sb, plan, EnvItemKind.NotApplicable, "Not applicable (Java-only; no FlumeNet equivalent):");
        return sb.ToString();
    }

    private static void AppendDropped(StringBuilder sb, EnvPlan plan, EnvItemKind kind, string title)
    {
        var items = plan.Items.Where(i => i.Kind == kind).ToList();
        if (items.Count == 0)
        {
            return;
        }
        sb.Append("\n# ").Append(title).Append('\n');
        foreach (var i in items)
        {
            sb.Append("#   ").Append(i.Subject).Append(": ").Append(i.Why).Append('\n');
        }
    }

    // Bare when the value is plain; else double quotes with the characters a shell expands escaped.
    private static string Quote(string value)
    {
        if (value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "_./:,@%+=-".Contains(c, StringComparison.Ordinal)))
        {
            return value;
        }
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\' or '$' or '`')
            {
                sb.Append('\\');
            }
            sb.Append(c);
        }
        return sb.Append('"').ToString();
    }
}
