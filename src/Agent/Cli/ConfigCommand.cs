using System.Text;
using System.Text.Json;
using FlumeNet.Agent.Registry;
using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Substitution;
using FlumeNet.ConfigParser.Validation;

namespace FlumeNet.Agent.Cli;

/// <summary>
/// <c>flume-ng config -f FILE [--raw]</c>: the effective properties (after reading, intake, <c>${…}</c> substitution and
/// config filters), or with <c>--raw</c> exactly what the properties reader produced, sorted by key. It does not
/// validate; secret values are <c>***</c>.
/// </summary>
public static class ConfigCommand
{
    public static int Run(AgentArguments args, CliEnvironment env, TextWriter stdout, TextWriter stderr)
    {
        if (args.ConfigFiles.Count == 0)
        {
            throw new UsageException("config needs -f FILE");
        }
        var diagnostics = new DiagnosticBag();
        var raw = ConfigParser.Loading.ConfigLoader.Read(args.ConfigFiles, diagnostics);
        var context = new SubstitutionContext(args.SystemProperties, env.GetVariable, env.Now());
        var resolved = PropertyResolver.Resolve(raw.Entries, context, diagnostics);
        var config = ConfigIntake.Build(resolved, diagnostics);
        foreach (var agent in config.Agents)
        {
            ConfigParser.Filters.ConfigFilterStage.Apply(agent, ComponentRegistry.Current, env.GetVariable, diagnostics);
        }
        var secrets = new SecretPolicy(config, ComponentRegistry.Current);
        var pairs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (args.Raw)
        {
            foreach (var e in raw.Entries)
            {
                pairs[e.Key] = e.Value;
            }
        }
        else
        {
            Collect(config, pairs);
        }
        foreach (var key in pairs.Keys.ToArray())
        {
            if (secrets.IsSecret(key))
            {
                pairs[key] = SecretKeys.Mask;
            }
        }
        Write(stdout, pairs, args.Format);
        foreach (var d in diagnostics.Sorted(args.ConfigFiles))
        {
            if (d.Code == DiagnosticCodes.FileNotFound || d.Code == DiagnosticCodes.MalformedUnicodeEscape)
            {
                stderr.WriteLine(d.ToText());
            }
        }
        return diagnostics.Items.Any(d => d.Code == DiagnosticCodes.FileNotFound) ? 1 : 0;
    }

    private static void Collect(FlumeConfig config, SortedDictionary<string, string> pairs)
    {
        foreach (var agent in config.Agents)
        {
            foreach (var section in SectionKinds.All)
            {
                if (agent.List(section) is { } list)
                {
                    pairs[list.FullKey] = list.Value;
                }
                foreach (var c in agent.Components(section).Values)
                {
                    foreach (var p in c.Properties)
                    {
                        pairs[p.FullKey] = p.Value;
                    }
                }
            }
        }
    }

    private static void Write(TextWriter stdout, SortedDictionary<string, string> pairs, string format)
    {
        if (format == "json")
        {
            using var stream = new MemoryStream();
            using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                json.WriteStartObject();
                foreach (var (k, v) in pairs)
                {
                    json.WriteString(k, v);
                }
                json.WriteEndObject();
            }
            stdout.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
            return;
        }
        foreach (var (k, v) in pairs)
        {
            stdout.Write(ControlText.Escape(k));
            stdout.Write(" = ");
            stdout.WriteLine(Printable(v));
        }
    }

    // Control characters are shown as Java escapes so that every entry stays on one line.
    private static string Printable(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var ch in value)
        {
            sb.Append(ch switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\f' => "\\f",
                < ' ' or (>= '\x7f' and <= '\x9f') => $"\\u{(int)ch:x4}",
                _ => ch.ToString(),
            });
        }
        return sb.ToString();
    }
}
