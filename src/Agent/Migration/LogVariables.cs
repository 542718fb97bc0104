using System.Text;

namespace FlumeNet.Agent.Migration;

/// <summary>
/// Expands <c>${…}</c> in log4j values into NLog layout text. Flume's own <c>flume.log.dir</c> and <c>flume.log.file</c>
/// become <c>${var:flumeLogDir}</c> and <c>${var:flumeLogFile}</c>, which FlumeNet fills from the same <c>-D</c> flags,
/// so overriding them still works. Other names resolve against the file's own properties; <c>sys:</c> and <c>env:</c>
/// lookups take their default, or read the environment.
/// </summary>
public sealed class LogVariables
{
    public const string LogDirProperty = "flume.log.dir";
    public const string LogFileProperty = "flume.log.file";

    private readonly Func<string, string?> _lookup;
    private readonly List<string> _notes;

    public LogVariables(Func<string, string?> lookup, List<string> notes)
    {
        _lookup = lookup;
        _notes = notes;
    }

    public string Expand(string value) => Expand(value, 0);

    private string Expand(string value, int depth)
    {
        var sb = new StringBuilder();
        var i = 0;
        while (i < value.Length)
        {
            if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '$' && i + 2 < value.Length && value[i + 2] == '{')
            {
                sb.Append('$');
                i += 2;
                continue;
            }
            if (value[i] != '$' || i + 1 >= value.Length || value[i + 1] != '{')
            {
                sb.Append(value[i++]);
                continue;
            }
            var close = value.IndexOf('}', i + 2);
            if (close < 0)
            {
                sb.Append(value, i, value.Length - i);
                break;
            }
            sb.Append(Resolve(value[(i + 2)..close], depth));
            i = close + 1;
        }
        return sb.ToString();
    }

    private string Resolve(string name, int depth)
    {
        string? fallback = null;
        var dash = name.IndexOf(":-", StringComparison.Ordinal);
        if (dash >= 0)
        {
            fallback = name[(dash + 2)..];
            name = name[..dash];
        }
        var prefix = string.Empty;
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            prefix = name[..colon];
            name = name[(colon + 1)..];
        }
        switch (name)
        {
            case LogDirProperty:
                return "${var:flumeLogDir}";
            case LogFileProperty:
                return "${var:flumeLogFile}";
            default:
                break;
        }
        if (prefix == "env")
        {
            return fallback is null ? $"${{environment:variable={name}}}" : $"${{environment:variable={name}:whenEmpty={fallback}}}";
        }
        if (prefix.Length == 0 && depth < 8 && _lookup(name) is { } own)
        {
            return Expand(own, depth + 1);
        }
        if (fallback is not null)
        {
            return Expand(fallback, depth + 1);
        }
        _notes.Add($"${{{(prefix.Length > 0 ? prefix + ":" : string.Empty)}{name}}} is not defined in the file: left empty");
        return string.Empty;
    }
}
