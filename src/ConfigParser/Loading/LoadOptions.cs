using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.ConfigParser.Loading;

/// <summary>What to load: the config files in order (later files override earlier keys), the agent, and what lookups see.</summary>
public sealed record LoadOptions(
    IReadOnlyList<string> Files,
    string? AgentName,
    IReadOnlyDictionary<string, string> SystemProperties,
    Func<string, string?> Environment,
    DateTimeOffset Now,
    IComponentCatalog Catalog);
