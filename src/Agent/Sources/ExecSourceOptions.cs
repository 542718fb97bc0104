namespace FlumeNet.Agent.Sources;

/// <summary>The exec source's validated options (reference §6.1). <see cref="Shell"/> null: the command is split on whitespace.</summary>
public sealed record ExecSourceOptions(
    string Command,
    string? Shell = null,
    bool Restart = false,
    TimeSpan? RestartThrottle = null,
    bool LogStdErr = false,
    int BatchSize = 20,
    TimeSpan? BatchTimeout = null,
    string Charset = "UTF-8")
{
    public TimeSpan EffectiveRestartThrottle => RestartThrottle ?? TimeSpan.FromMilliseconds(10000);

    public TimeSpan EffectiveBatchTimeout => BatchTimeout ?? TimeSpan.FromMilliseconds(3000);

    /// <summary>The program and its arguments: the shell's words and the whole command as its last argument, else the command's words.</summary>
    public IReadOnlyList<string> CommandLine()
    {
        var separators = new[] { ' ', '\t', '\n', '\r', '\f', '\v' };
        if (string.IsNullOrWhiteSpace(Shell))
        {
            return Command.Split(separators, StringSplitOptions.RemoveEmptyEntries);
        }
        return [.. Shell.Split(separators, StringSplitOptions.RemoveEmptyEntries), Command];
    }
}
