namespace FlumeNet.Tools.LogHubEmulator.Protocol;

/// <summary>A request as received: method, raw path, decoded query, headers as sent and the raw body.</summary>
internal sealed record IncomingRequest(
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body)
{
    /// <summary>The value of the first header named <paramref name="name"/> (any case), or null.</summary>
    public string? Header(string name)
    {
        foreach (var header in Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }

    /// <summary>The value of the first query parameter named <paramref name="name"/> (exact case), or null.</summary>
    public string? QueryValue(string name)
    {
        foreach (var parameter in Query)
        {
            if (parameter.Key == name)
            {
                return parameter.Value;
            }
        }

        return null;
    }
}
