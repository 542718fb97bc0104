using FlumeNet.Agent.Registry;
using FlumeNet.ConfigParser.Loading;

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
        var diagnostics = result.SortedDiagnostics;
        DiagnosticWriter.Write(stdout, diagnostics, args.Format);
        var errors = 0;
        foreach (var d in diagnostics)
        {
            errors += d.IsError ? 1 : 0;
        }
        var warnings = diagnostics.Count - errors;
        stderr.WriteLine($"{string.Join(", ", args.ConfigFiles)}: {Plural(errors, "error")}, {Plural(warnings, "warning")}");
        return errors > 0 || (args.Strict && warnings > 0) ? 1 : 0;
    }

    public static LoadOptions LoadOptionsFor(AgentArguments args, CliEnvironment env) =>
        new(args.ConfigFiles, args.Name, args.SystemProperties, env.GetVariable, env.Now(),
            ComponentRegistry.Current);

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
