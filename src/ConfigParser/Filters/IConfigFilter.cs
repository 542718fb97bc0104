namespace FlumeNet.ConfigParser.Filters;

/// <summary>A Flume ConfigFilter: maps a key to a value, or null when it has none (the reference then stays as written).</summary>
public interface IConfigFilter
{
    string? Filter(string key);
}
