namespace FlumeNet.ConfigParser.Validation;

/// <summary>
/// A fallback for keys no spec knows (a misspelt <c>accesKey</c>, a custom component): names that look like credentials
/// are treated as secret, so a typo never prints a password. Known options are decided by their spec's secret flag.
/// </summary>
public static class SecretKeys
{
    private static readonly string[] Markers = ["password", "passwd", "secret", "accesskey", "credential", "token", "jaas", "sasl"];

    public static bool LooksSecret(string key)
    {
        var k = key.ToLowerInvariant().Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        if (k.EndsWith("accesskeyid", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var m in Markers)
        {
            if (k.Contains(m, StringComparison.Ordinal) || (m.Length >= 6 && ContainsNear(k, m)))
            {
                return true;
            }
        }
        return false;
    }

    // A typo of a marker (acceskey, pasword) within one edit.
    private static bool ContainsNear(string key, string marker)
    {
        for (var len = marker.Length - 1; len <= marker.Length + 1; len++)
        {
            for (var i = 0; i + len <= key.Length; i++)
            {
                if (NameSuggester.Distance(key.Substring(i, len), marker) <= 1)
                {
                    return true;
                }
            }
        }
        return false;
    }

    public const string Mask = "***";
}
