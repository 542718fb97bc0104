namespace FlumeNet.Agent.Hosting;

/// <summary>What the command line decided for a running agent.</summary>
public sealed record AgentSettings(
    string AgentName,
    IReadOnlyList<string> ConfigFiles,
    IReadOnlyDictionary<string, string> SystemProperties,
    bool Strict,
    TimeSpan? PollInterval);
