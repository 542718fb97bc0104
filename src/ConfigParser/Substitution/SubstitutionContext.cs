namespace FlumeNet.ConfigParser.Substitution;

/// <summary>What <c>${…}</c> lookups can see: the agent's system properties (<c>-D</c>), the environment and the clock.</summary>
public sealed record SubstitutionContext(
    IReadOnlyDictionary<string, string> SystemProperties,
    Func<string, string?> Environment,
    DateTimeOffset Now)
{
    /// <summary>The Flume 1.9 switch <c>-DpropertiesImplementation=org.apache.flume.node.EnvVarResolverProperties</c>.</summary>
    public const string EnvVarResolverClass = "org.apache.flume.node.EnvVarResolverProperties";

    /// <summary>Unprefixed <c>${NAME}</c> falls back to the environment (Flume 1.11's reading of the 1.9 switch).</summary>
    public bool EnvVarResolverMode =>
        SystemProperties.TryGetValue("propertiesImplementation", out var impl) && impl == EnvVarResolverClass;

    public static SubstitutionContext FromProcess(IReadOnlyDictionary<string, string> systemProperties) =>
        new(systemProperties, System.Environment.GetEnvironmentVariable, DateTimeOffset.Now);
}
