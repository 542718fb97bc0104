using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>Short constructors for <see cref="OptionSpec"/>, so each spec reads as a table: key, default, description.</summary>
internal static class Opt
{
    public static OptionSpec Str(string key, string? def, string description) =>
        new(key, OptionType.String, description) { Default = def };

    public static OptionSpec Int(string key, string? def, string description, long? min = null, long? max = null) =>
        new(key, OptionType.Int, description) { Default = def, Min = min, Max = max };

    public static OptionSpec Long(string key, string? def, string description, long? min = null, long? max = null) =>
        new(key, OptionType.Long, description) { Default = def, Min = min, Max = max };

    public static OptionSpec Double(string key, string? def, string description) =>
        new(key, OptionType.Double, description) { Default = def };

    public static OptionSpec Bool(string key, string? def, string description) =>
        new(key, OptionType.Bool, description) { Default = def };

    public static OptionSpec Path(string key, string? def, string description) =>
        new(key, OptionType.Path, description) { Default = def };

    public static OptionSpec List(string key, string? def, string description) =>
        new(key, OptionType.List, description) { Default = def };

    /// <summary>Choices matched case-insensitively, as most Flume enums are (<c>valueOf(value.toUpperCase())</c>).</summary>
    public static OptionSpec Enum(string key, string? def, string description, params string[] choices) =>
        new(key, OptionType.Enum, description) { Default = def, Choices = choices };

    /// <summary>A credential: its value is shown as *** everywhere.</summary>
    public static OptionSpec Secret(string key, string description) =>
        new(key, OptionType.String, description) { Secret = true };

    /// <summary>Any key under <paramref name="key"/> (which ends with '.') is accepted; each value is checked as <paramref name="type"/>.</summary>
    public static OptionSpec Prefix(string key, string description, OptionType type = OptionType.String)
    {
        if (!key.EndsWith('.'))
        {
            throw new ArgumentException($"prefix option '{key}' must end with '.'", nameof(key));
        }
        return new(key, type, description);
    }

    /// <summary>A TCP or UDP port; the JVM rejects anything outside 0..65535 when the socket is bound.</summary>
    public static OptionSpec Port(string key, string? def, string description) =>
        new(key, OptionType.Int, description) { Default = def, Min = 0, Max = 65535 };
}
