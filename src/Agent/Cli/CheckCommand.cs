using FlumeNet.Agent.Hdfs.FileSystems;
using FlumeNet.Agent.Registry;
using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Loading;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Cli;

/// <summary>
/// <c>flume-ng agent --check</c>: loads the config as the agent would and prints every diagnostic, sorted by line.
/// Exit 0 without errors (warnings allowed; with <c>--strict</c> warnings count too), 1 with errors.
/// </summary>
public static class CheckCommand
{
    public static int Run(AgentArguments args, CliEnvironment env, TextWriter stdout, TextWriter stderr)
    {
        var result = ConfigLoader.Load(LoadOptionsFor(args, env));
        foreach (var note in WebHdfsNotes(result, args, env).ToList())
        {
            result.Diagnostics.Add(note);
        }
        var diagnostics = result.SortedDiagnostics;
        DiagnosticWriter.Write(stdout, diagnostics, args.Format);
        var errors = 0;
        var warnings = 0;
        foreach (var d in diagnostics)
        {
            errors += d.IsError ? 1 : 0;
            warnings += d.Severity == Severity.Warning ? 1 : 0;
        }
        stderr.WriteLine($"{string.Join(", ", args.ConfigFiles)}: {Plural(errors, "error")}, {Plural(warnings, "warning")}");
        return errors > 0 || (args.Strict && warnings > 0) ? 1 : 0;
    }

    public static LoadOptions LoadOptionsFor(AgentArguments args, CliEnvironment env) =>
        new(args.ConfigFiles, args.Name, args.SystemProperties, env.GetVariable, env.Now(),
            ComponentRegistry.Current);

    // Where each running HDFS sink writes (the same note migrate gives): the WebHDFS address and why, WebHDFS on, Kerberos.
    private static IEnumerable<Diagnostic> WebHdfsNotes(LoadResult result, AgentArguments args, CliEnvironment env)
    {
        HadoopConfig? hadoop = null;
        foreach (var agent in result.Config.Agents)
        {
            if (args.Name is not null && agent.Name != args.Name)
            {
                continue;
            }
            foreach (var name in agent.Active[SectionKind.Sinks])
            {
                var c = agent.Component(SectionKind.Sinks, name);
                if (c?.Find("hdfs.path") is not { } path || c.Type is not { } type
                    || ComponentRegistry.Current.Resolve(ComponentKind.Sink, type)?.Spec.FindOption("hdfs.path") is null)
                {
                    continue;
                }
                // The agent's own search (--conf, HADOOP_CONF_DIR, …), so the note names the NameNodes the agent will use.
                hadoop ??= HadoopConfig.Find(args.ConfDir, env.GetVariable);
                if (Migration.AgentAnalyzer.WebHdfsNote(path.Value, hadoop) is { } note)
                {
                    yield return new Diagnostic(path.Location, Severity.Note, "WEBHDFS_ADDRESS", path.FullKey, note);
                }
            }
        }
    }

    internal static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
