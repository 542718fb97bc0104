namespace FlumeNet.ConfigParser.Filters;

/// <summary>Flume's <c>env</c> filter: the value of an environment variable.</summary>
public sealed class EnvironmentConfigFilter : IConfigFilter
{
    private readonly Func<string, string?> _environment;

    public EnvironmentConfigFilter(Func<string, string?> environment) => _environment = environment;

    public string? Filter(string key) => _environment(key);
}
