using FlumeNet.Agent.Cli;

namespace FlumeNet.Agent.Tests.Support;

/// <summary>Runs the flume-ng command line in-process with a fixed environment and clock.</summary>
public static class CliRunner
{
    public static readonly DateTimeOffset FixedNow = new(2026, 11, 23, 10, 30, 0, TimeSpan.Zero);

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var vars = env ?? new Dictionary<string, string>();
        var environment = new CliEnvironment(k => vars.TryGetValue(k, out var v) ? v : null, () => FixedNow, "/nonexistent/flume.opts");
        var code = FlumeNgCommand.Run(args, stdout, stderr, environment);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
