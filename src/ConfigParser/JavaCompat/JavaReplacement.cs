using System.Globalization;
using System.Text;

namespace FlumeNet.ConfigParser.JavaCompat;

/// <summary>
/// Rewrites a <c>java.util.regex.Matcher.replaceAll</c> replacement into .NET's syntax. Java: <c>\x</c> is a literal
/// x, <c>$n</c> takes as many digits as still name an existing group, <c>${name}</c> a named group; .NET: <c>$$</c> is a
/// literal $, and <c>${n}</c> is unambiguous. References Java would reject when the first match is replaced (a group
/// that does not exist, a dangling <c>\</c> or <c>$</c>) are rejected here, at configuration time.
/// </summary>
public static class JavaReplacement
{
    public static string ToDotNet(string replacement, JavaRegex regex)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        ArgumentNullException.ThrowIfNull(regex);
        var sb = new StringBuilder(replacement.Length + 8);
        var i = 0;
        while (i < replacement.Length)
        {
            var c = replacement[i++];
            if (c == '\\')
            {
                if (i == replacement.Length)
                {
                    throw new ArgumentException($"Replacement '{replacement}': character to be escaped is missing");
                }
                AppendLiteral(sb, replacement[i++]);
            }
            else if (c == '$')
            {
                sb.Append("${").Append(GroupReference(replacement, ref i, regex).ToString(CultureInfo.InvariantCulture)).Append('}');
            }
            else
            {
                AppendLiteral(sb, c);
            }
        }
        return sb.ToString();
    }

    private static void AppendLiteral(StringBuilder sb, char c)
    {
        if (c == '$')
        {
            sb.Append('$');
        }
        sb.Append(c);
    }

    private static int GroupReference(string replacement, ref int i, JavaRegex regex)
    {
        if (i == replacement.Length)
        {
            throw new ArgumentException($"Replacement '{replacement}': illegal group reference, group index is missing");
        }
        if (replacement[i] == '{')
        {
            var start = ++i;
            while (i < replacement.Length && char.IsAsciiLetterOrDigit(replacement[i]))
            {
                i++;
            }
            if (i == start || i == replacement.Length || replacement[i] != '}' || char.IsAsciiDigit(replacement[start]))
            {
                throw new ArgumentException($"Replacement '{replacement}': illegal named group reference");
            }
            var name = replacement[start..i];
            i++;
            return regex.GroupNames.TryGetValue(name, out var named)
                ? named
                : throw new ArgumentException($"Replacement '{replacement}': no group with name {{{name}}}");
        }
        if (!char.IsAsciiDigit(replacement[i]))
        {
            throw new ArgumentException($"Replacement '{replacement}': illegal group reference");
        }
        var number = replacement[i++] - '0';
        while (i < replacement.Length && char.IsAsciiDigit(replacement[i]))
        {
            var longer = number * 10 + (replacement[i] - '0');
            if (longer > regex.GroupCount)
            {
                break;
            }
            number = longer;
            i++;
        }
        return number <= regex.GroupCount
            ? number
            : throw new ArgumentException($"Replacement '{replacement}': no group {number} (the search pattern has {regex.GroupCount})");
    }
}
