using FlumeNet.Agent.Cli;
using FlumeNet.Agent.Registry;

namespace FlumeNet.Agent.Migration;

/// <summary>
/// <c>flume-ng migrate &lt;file or conf dir&gt; [-o OUTDIR] [-n AGENT] [--format text|markdown|json]</c>: reports, per
/// agent and component, whether FlumeNet runs an existing Flume/EMR setup, and with <c>-o</c> writes the config to run,
/// an nlog.config for the log4j config and a flumenet.env for flume-env.sh. Exit 0: every agent runs unchanged;
/// 1: something needs changes or would be dropped; 2: usage.
/// </summary>
public static class MigrateCommand
{
    /// <exception cref="UsageException">A command-line mistake (exit 2, reported by the dispatcher).</exception>
    public static int Run(string[] args, CliEnvironment env, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length == 1 && args[0] is "-h" or "--help")
        {
            stdout.WriteLine("Usage: " + MigrateOptions.Usage);
            return 0;
        }
        var options = MigrateOptions.Parse(args);
        var report = MigrationRunner.Run(options, env);
        stdout.Write(options.Format switch
        {
            "json" => JsonReportWriter.Render(report),
            "markdown" => MarkdownReportWriter.Render(report, ComponentRegistry.Current),
            _ => TextReportWriter.Render(report),
        });
        if (report.Written.Count > 0)
        {
            stderr.WriteLine($"flume-ng migrate: wrote {string.Join(", ", report.Written)} to {options.OutputDir}");
        }
        return report.ExitCode;
    }
}
