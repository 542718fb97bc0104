using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FlumeNet.ConfigParser.Diagnostics;

namespace FlumeNet.Agent.Migration;

/// <summary>The report as JSON for tools: the same facts as the text form, one object per agent, component and output.</summary>
public static class JsonReportWriter
{
    public static string Render(MigrationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("input", report.Input);
            Strings(w, "configs", report.Inputs.ConfigFiles.Select(Path.GetFileName)!);
            w.WriteString("environment", report.Inputs.EnvFile is null ? null : Path.GetFileName(report.Inputs.EnvFile));
            w.WriteString("logging", report.Inputs.LogFile is null ? null : Path.GetFileName(report.Inputs.LogFile));
            w.WriteString("output", report.OutputDir);
            Strings(w, "notes", report.Notes);
            w.WriteStartArray("agents");
            foreach (var a in report.Agents)
            {
                WriteAgent(w, a);
            }
            w.WriteEndArray();
            w.WriteStartArray("configs_out");
            foreach (var f in report.Files)
            {
                w.WriteStartObject();
                w.WriteString("file", f.Name);
                w.WriteBoolean("identical", f.Rewrite.Identical);
                w.WriteBoolean("skipped", f.Skipped);
                Strings(w, "edits", f.Rewrite.Edits);
                Diagnostics(w, "diagnostics", f.Diagnostics);
                Strings(w, "notes", f.Notes);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WriteEnv(w, report.Env);
            WriteLog(w, report);
            Strings(w, "written", report.Written);
            w.WriteNumber("exit_code", report.ExitCode);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteAgent(Utf8JsonWriter w, AgentReport a)
    {
        w.WriteStartObject();
        w.WriteString("name", a.Name);
        w.WriteString("file", a.File);
        w.WriteString("verdict", a.Verdict switch
        {
            Verdict.RunsUnchanged => "runs_unchanged",
            Verdict.RunsWithDrops => "runs_with_drops",
            _ => "needs_changes",
        });
        w.WriteString("verdict_text", a.VerdictText);
        Strings(w, "dropped", a.Dropped);
        Strings(w, "changes", a.Changes);
        Strings(w, "fixed_in_output", a.Fixed);
        Strings(w, "notes", a.Notes);
        w.WriteStartArray("custom_classes");
        foreach (var c in a.CustomClasses)
        {
            w.WriteStartObject();
            w.WriteString("kind", c.Kind);
            w.WriteString("class", c.ClassName);
            w.WriteString("key", c.Key);
            w.WriteString("replacement", c.Replacement);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("components");
        foreach (var c in a.Components)
        {
            WriteComponent(w, c);
        }
        w.WriteEndArray();
        Diagnostics(w, "diagnostics", a.Diagnostics);
        w.WriteEndObject();
    }

    private static void WriteComponent(Utf8JsonWriter w, ComponentReport c)
    {
        w.WriteStartObject();
        w.WriteString("kind", c.Kind);
        w.WriteString("name", c.Name);
        w.WriteString("type", c.Type);
        w.WriteString("recognised", c.Recognition);
        w.WriteString("origin", c.Origin);
        w.WriteString("support", c.Support is { } s ? MigrationMap.SupportText(s) : null);
        w.WriteBoolean("runs", c.Runs);
        w.WriteString("drop_reason", c.DropReason);
        w.WriteString("mapping", c.MappingNote);
        w.WriteStartArray("ignored");
        foreach (var i in c.Ignored)
        {
            w.WriteStartObject();
            w.WriteString("key", i.Key);
            w.WriteString("why", i.Why);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Strings(w, "notes", c.Notes);
        Diagnostics(w, "diagnostics", c.Diagnostics);
        w.WriteStartArray("parts");
        foreach (var p in c.Parts)
        {
            WriteComponent(w, p);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteEnv(Utf8JsonWriter w, EnvPlan env)
    {
        w.WriteStartObject("environment_out");
        w.WriteString("source", env.SourceFile is null ? null : Path.GetFileName(env.SourceFile));
        w.WriteStartArray("items");
        foreach (var i in env.Items)
        {
            w.WriteStartObject();
            w.WriteString("kind", i.Kind.ToString());
            w.WriteString("subject", i.Subject);
            w.WriteNumber("line", i.Line);
            w.WriteString("why", i.Why);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Strings(w, "secrets_to_set", env.Secrets.Select(s => s.Name));
        w.WriteEndObject();
    }

    private static void WriteLog(Utf8JsonWriter w, MigrationReport report)
    {
        w.WriteStartObject("logging_out");
        w.WriteString("error", report.LogError);
        Strings(w, "items", report.Log?.Items ?? []);
        Strings(w, "notes", report.Log?.Notes ?? []);
        w.WriteEndObject();
    }

    private static void Diagnostics(Utf8JsonWriter w, string name, IEnumerable<Diagnostic> diagnostics)
    {
        w.WriteStartArray(name);
        foreach (var d in diagnostics)
        {
            w.WriteStartObject();
            w.WriteString("file", d.Location.File);
            w.WriteNumber("line", d.Location.Line);
            w.WriteString("severity", d.IsError ? "error" : "warning");
            w.WriteString("code", d.Code);
            w.WriteString("key", d.Key);
            w.WriteString("message", d.Message);
            w.WriteString("hint", d.Hint);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }
        w.WriteEndArray();
    }
}
