namespace FlumeNet.ConfigParser.Model;

/// <summary>Every agent found in the config files, in order of first appearance.</summary>
public sealed class FlumeConfig
{
    private readonly Dictionary<string, AgentConfig> _agents = new(StringComparer.Ordinal);
    private readonly List<AgentConfig> _ordered = [];

    public IReadOnlyList<AgentConfig> Agents => _ordered;

    public AgentConfig? Agent(string name) => _agents.GetValueOrDefault(name);

    public AgentConfig GetOrAdd(string name, Diagnostics.SourceLocation at)
    {
        if (!_agents.TryGetValue(name, out var a))
        {
            a = new AgentConfig(name, at);
            _agents[name] = a;
            _ordered.Add(a);
        }
        return a;
    }
}
