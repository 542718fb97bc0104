using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace FlumeNet.Agent.AvroRpc;

/// <summary>
/// Flume's avro <c>ipFilterRules</c> (reference §1.8): comma-separated <c>allow|deny:ip|name:pattern</c>, first match
/// decides, no match accepts. Patterns: <c>*</c> any run, <c>?</c> one character, the rest literal, whole string.
/// <c>name</c> rules match the reverse-DNS name of the peer; <c>name:localhost</c> matches loopback and this host.
/// </summary>
public sealed class IpFilterRules
{
    private readonly IReadOnlyList<Rule> _rules;

    private IpFilterRules(IReadOnlyList<Rule> rules) => _rules = rules;

    public int Count => _rules.Count;

    /// <exception cref="FormatException">A rule is not <c>allow|deny:ip|name:pattern</c> (keywords are case-sensitive).</exception>
    public static IpFilterRules Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("ipFilterRules is empty");
        }
        var rules = new List<Rule>();
        foreach (var raw in text.Split(','))
        {
            var rule = raw.Trim();
            var parts = rule.Split(':', 3);
            if (parts.Length != 3 || parts[0] is not ("allow" or "deny") || parts[1] is not ("ip" or "name"))
            {
                throw new FormatException($"rule '{rule}' is not allow|deny:ip|name:pattern (keywords are lower case)");
            }
            rules.Add(new Rule(parts[0] == "allow", parts[1] == "name", parts[2], ToRegex(parts[2])));
        }
        return new IpFilterRules(rules);
    }

    public bool Accepts(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        string? hostName = null;
        foreach (var rule in _rules)
        {
            bool matches;
            if (!rule.ByName)
            {
                matches = rule.Regex.IsMatch(address.ToString());
            }
            else if (rule.Pattern == "localhost")
            {
                matches = IPAddress.IsLoopback(address) || IsLocalHostAddress(address);
            }
            else
            {
                hostName ??= ReverseLookup(address);
                matches = rule.Regex.IsMatch(hostName);
            }
            if (matches)
            {
                return rule.Allow;
            }
        }
        return true;
    }

    private static bool IsLocalHostAddress(IPAddress address)
    {
        try
        {
            return Array.IndexOf(Dns.GetHostAddresses(Dns.GetHostName()), address) >= 0;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static string ReverseLookup(IPAddress address)
    {
        try
        {
            return Dns.GetHostEntry(address).HostName;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return address.ToString();
        }
    }

    private static Regex ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        foreach (var c in pattern)
        {
            sb.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    private sealed record Rule(bool Allow, bool ByName, string Pattern, Regex Regex);
}
