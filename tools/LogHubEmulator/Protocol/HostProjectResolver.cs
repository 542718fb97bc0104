namespace FlumeNet.Tools.LogHubEmulator.Protocol;

/// <summary>
/// Finds the project a request addresses from its Host header (reference §1.1): the port is stripped;
/// an IPv4 literal, <c>localhost</c> or a configured endpoint host carries no project (the default project
/// applies); <c>X.&lt;one of those&gt;</c> carries project X; any other dotted name carries its first label,
/// as <c>{project}.{endpoint}</c> does on the real service.
/// </summary>
internal sealed class HostProjectResolver
{
    private const string Localhost = "localhost";
    private readonly string[] _endpointHosts;

    public HostProjectResolver(IEnumerable<string> endpointHosts)
    {
        _endpointHosts = endpointHosts
            .Select(h => StripPort(h.Trim()).ToLowerInvariant())
            .Where(h => h.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(h => h.Length)
            .ToArray();
    }

    /// <summary>The project named by <paramref name="host"/>, or null when the host names none.</summary>
    public string? Resolve(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return null;
        }

        var name = StripPort(host.Trim()).TrimEnd('.').ToLowerInvariant();
        if (name.Length == 0 || name.StartsWith('[') || IsBareEndpoint(name))
        {
            return null;
        }

        var prefix = PrefixBeforeIPv4(name) ?? PrefixBefore(name, Localhost);
        if (prefix is null)
        {
            foreach (var endpoint in _endpointHosts)
            {
                prefix = PrefixBefore(name, endpoint);
                if (prefix is not null)
                {
                    break;
                }
            }
        }

        if (prefix is not null)
        {
            return prefix;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? name[..dot] : null;
    }

    private bool IsBareEndpoint(string name) =>
        name == Localhost || IsIPv4(name) || Array.IndexOf(_endpointHosts, name) >= 0;

    private static string StripPort(string host)
    {
        if (host.StartsWith('['))
        {
            return host;
        }

        var colon = host.LastIndexOf(':');
        return colon >= 0 ? host[..colon] : host;
    }

    private static string? PrefixBefore(string name, string suffix)
    {
        if (name.Length > suffix.Length + 1
            && name.EndsWith(suffix, StringComparison.Ordinal)
            && name[name.Length - suffix.Length - 1] == '.')
        {
            return name[..(name.Length - suffix.Length - 1)];
        }

        return null;
    }

    private static string? PrefixBeforeIPv4(string name)
    {
        var labels = name.Split('.');
        if (labels.Length <= 4 || !IsIPv4(string.Join('.', labels[^4..])))
        {
            return null;
        }

        return string.Join('.', labels[..^4]);
    }

    private static bool IsIPv4(string name)
    {
        var labels = name.Split('.');
        if (labels.Length != 4)
        {
            return false;
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 3 || !label.All(char.IsAsciiDigit) || int.Parse(label) > 255)
            {
                return false;
            }
        }

        return true;
    }
}
