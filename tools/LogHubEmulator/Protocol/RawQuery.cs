namespace FlumeNet.Tools.LogHubEmulator.Protocol;

/// <summary>Splits a raw query string as sent on the wire and decodes it (<c>+</c> is a space, <c>%XX</c> a byte).</summary>
internal static class RawQuery
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string? rawQuery)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(rawQuery))
        {
            return result;
        }

        foreach (var part in rawQuery.TrimStart('?').Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            result.Add(new KeyValuePair<string, string>(Decode(name), Decode(value)));
        }

        return result;
    }

    public static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
