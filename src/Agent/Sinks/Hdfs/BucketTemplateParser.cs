namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>
/// Splits a template the way Flume's BucketPath regex does (reference §2.1): at each <c>%</c>, try <c>%</c> + one ASCII
/// word char or <c>%</c>, then <c>%{[A-Za-z0-9_.-]+}</c>, then <c>%[[A-Za-z0-9_]+]</c>; anything else stays literal.
/// Matches never overlap and replacement values are never rescanned.
/// </summary>
internal static class BucketTemplateParser
{
    public static List<BucketToken> Parse(string template, Func<HostIdentity> host)
    {
        var tokens = new List<BucketToken>();
        var literalStart = 0;
        var i = 0;
        while (i < template.Length)
        {
            if (template[i] != '%' || i + 1 == template.Length)
            {
                i++;
                continue;
            }
            var next = template[i + 1];
            BucketToken token;
            int end;
            if (IsWord(next) || next == '%')
            {
                token = BucketToken.Shorthand(next);
                end = i + 2;
            }
            else if (next == '{' && TryName(template, i + 2, '}', allowDotDash: true, out end))
            {
                token = BucketToken.Header(template[(i + 2)..(end - 1)]);
            }
            else if (next == '[' && TryName(template, i + 2, ']', allowDotDash: false, out end))
            {
                token = BucketToken.Static(StaticValue(template[(i + 2)..(end - 1)], host));
            }
            else
            {
                i++;
                continue;
            }
            if (i > literalStart)
            {
                tokens.Add(BucketToken.Literal(template[literalStart..i]));
            }
            tokens.Add(token);
            i = end;
            literalStart = end;
        }
        if (literalStart < template.Length)
        {
            tokens.Add(BucketToken.Literal(template[literalStart..]));
        }
        return tokens;
    }

    /// <summary>Scans a non-empty name from <paramref name="start"/>; <paramref name="end"/> is just past the closing char.</summary>
    private static bool TryName(string s, int start, char close, bool allowDotDash, out int end)
    {
        var j = start;
        while (j < s.Length && (IsWord(s[j]) || (allowDotDash && s[j] is '.' or '-')))
        {
            j++;
        }
        end = j + 1;
        return j > start && j < s.Length && s[j] == close;
    }

    // Java's \w without UNICODE_CHARACTER_CLASS: ASCII only.
    private static bool IsWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static string StaticValue(string key, Func<HostIdentity> host)
    {
        if (key.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return host().HostName;
        }
        if (key.Equals("IP", StringComparison.OrdinalIgnoreCase))
        {
            return host().IpAddress;
        }
        if (key.Equals("FQDN", StringComparison.OrdinalIgnoreCase))
        {
            return host().CanonicalName;
        }
        throw new BucketPathException(
            $"The static escape string '{key}' was provided but does not match any of (localhost,IP,FQDN)");
    }
}
