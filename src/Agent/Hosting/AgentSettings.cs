namespace FlumeNet.Agent.Hosting;

/// <summary>What the command line decided for a running agent.</summary>
public sealed record AgentSettings(
    string AgentName,
    IReadOnlyList<string> ConfigFiles,
    IReadOnlyDictionary<string, string> SystemProperties,
    bool Strict,
    TimeSpan? PollInterval)
{
    /// <summary>What the command line did before the agent's log existed (flume-env.sh, hints), logged once at INFO at start.</summary>
    public IReadOnlyList<string> StartupNotes { get; init; } = [];
}
