namespace FlumeNet.Agent.Cli;

/// <summary>Entry point of the flume-ng program: dispatches the command word.</summary>
public static class FlumeNgCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        stderr.WriteLine("flume-ng: not implemented yet");
        return 2;
    }
}
