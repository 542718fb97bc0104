using System.Text;

namespace FlumeNet.ConfigParser.JavaCompat;

/// <summary>
/// Converts a Java <c>SimpleDateFormat</c> pattern (as in log4j's <c>%d{…}</c>) to a .NET custom date format:
/// <c>SSS</c> → <c>fff</c>, <c>EEE</c> → <c>ddd</c>, <c>a</c> → <c>tt</c>, quoted text kept; letters with no .NET
/// counterpart are dropped with a note.
/// </summary>
public static class JavaDatePattern
{
    /// <summary>log4j's named formats; ISO8601 differs between log4j 1 (a space) and log4j 2 (a 'T').</summary>
    public static string? Named(string name, bool log4j2) => name switch
    {
        "ISO8601" => log4j2 ? "yyyy-MM-dd'T'HH:mm:ss,SSS" : "yyyy-MM-dd HH:mm:ss,SSS",
        "ISO8601_BASIC" => "yyyyMMdd'T'HHmmss,SSS",
        "DEFAULT" => "yyyy-MM-dd HH:mm:ss,SSS",
        "ABSOLUTE" => "HH:mm:ss,SSS",
        "DATE" => "dd MMM yyyy HH:mm:ss,SSS",
        "COMPACT" => "yyyyMMddHHmmssSSS",
        _ => null,
    };

    public static string ToDotNet(string javaPattern, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(javaPattern);
        ArgumentNullException.ThrowIfNull(notes);
        var sb = new StringBuilder();
        var i = 0;
        while (i < javaPattern.Length)
        {
            var c = javaPattern[i];
            if (c == '\'')
            {
                i = CopyQuoted(javaPattern, i, sb);
                continue;
            }
            if (!char.IsAsciiLetter(c))
            {
                sb.Append(c is '%' or '\\' or '"' ? "\\" + c : c.ToString());
                i++;
                continue;
            }
            var n = 1;
            while (i + n < javaPattern.Length && javaPattern[i + n] == c)
            {
                n++;
            }
            sb.Append(Letter(c, n, notes));
            i += n;
        }
        return sb.ToString();
    }

    private static int CopyQuoted(string p, int i, StringBuilder sb)
    {
        if (i + 1 < p.Length && p[i + 1] == '\'')
        {
            sb.Append("\\'");
            return i + 2;
        }
        var text = new StringBuilder();
        var j = i + 1;
        while (j < p.Length)
        {
            if (p[j] == '\'')
            {
                if (j + 1 < p.Length && p[j + 1] == '\'')
                {
                    text.Append('\'');
                    j += 2;
                    continue;
                }
                break;
            }
            text.Append(p[j++]);
        }
        foreach (var ch in text.ToString())
        {
            sb.Append('\\').Append(ch);
        }
        return j + 1;
    }

    private static string Letter(char c, int n, List<string> notes)
    {
        switch (c)
        {
            case 'y':
            case 'Y':
                return n == 2 ? "yy" : "yyyy";
            case 'M':
            case 'L':
                return new string('M', Math.Min(n, 4));
            case 'd':
                return new string('d', Math.Min(n, 2));
            case 'H':
            case 'k':
                return new string('H', Math.Min(n, 2));
            case 'h':
            case 'K':
                return new string('h', Math.Min(n, 2));
            case 'm':
                return new string('m', Math.Min(n, 2));
            case 's':
                return new string('s', Math.Min(n, 2));
            case 'S':
                return new string('f', Math.Min(n, 7));
            case 'E':
                return n <= 3 ? "ddd" : "dddd";
            case 'a':
                return "tt";
            case 'Z':
            case 'X':
            case 'x':
            case 'z':
                if (c != 'X' || n != 3)
                {
                    notes.Add($"date letter '{new string(c, n)}' becomes .NET's zzz (+08:00 style)");
                }
                return "zzz";
            default:
                notes.Add($"date letter '{new string(c, n)}' has no .NET counterpart and is dropped");
                return string.Empty;
        }
    }
}
