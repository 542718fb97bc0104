namespace FlumeNet.Agent.Cli;

/// <summary>What the command line reads from the outside world, so that tests can fix it.</summary>
public sealed record CliEnvironment(Func<string, string?> GetVariable, Func<DateTimeOffset> Now, string? OptsFilePath)
{
    /// <summary>Flume reads default options from <c>/etc/flume/flume.opts</c>; this variable points elsewhere.</summary>
    public const string OptsFileVariable = "FLUMENET_OPTS_FILE";

    public static CliEnvironment Process { get; } = new(
        Environment.GetEnvironmentVariable,
        () => DateTimeOffset.Now,
        Environment.GetEnvironmentVariable(OptsFileVariable));
}
