using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.ConfigParser.Substitution;

/// <summary>
/// Resolves one variable name as Flume 1.11's MapResolver does: a <c>prefix:</c> (sys, env, java, date; case-insensitive)
/// selects a lookup; a name without a known prefix, or whose prefixed lookup found nothing, is looked up in the config
/// itself under the text after the first colon (Commons Text's interpolator fallback).
/// Unlike Flume, config-key lookups see every key whatever the order of the file (Flume reads a half-filled HashMap).
/// </summary>
public sealed class FlumeVariableLookup
{
    private readonly SubstitutionContext _context;
    private readonly Func<string, string?> _configLookup;

    public FlumeVariableLookup(SubstitutionContext context, Func<string, string?> configLookup)
    {
        _context = context;
        _configLookup = configLookup;
    }

    /// <summary>Variables that used a prefix this agent cannot honour (<c>java:</c>), for a diagnostic.</summary>
    public List<string> Unsupported { get; } = [];

    public string? Lookup(string name)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var prefix = name[..colon].ToLowerInvariant();
            var rest = name[(colon + 1)..];
            var value = prefix switch
            {
                "sys" => _context.SystemProperties.TryGetValue(rest, out var v) ? v : null,
                "env" => _context.Environment(rest),
                "date" => JavaDateFormat.TryFormat(rest, _context.Now),
                "java" => NoteUnsupported(name),
                _ => null,
            };
            if (value is not null)
            {
                return value;
            }
            name = rest;
        }
        var fromConfig = _configLookup(name);
        if (fromConfig is null && _context.EnvVarResolverMode)
        {
            return _context.Environment(name);
        }
        return fromConfig;
    }

    private string? NoteUnsupported(string name)
    {
        Unsupported.Add(name);
        return null;
    }
}
