using System.Runtime.CompilerServices;
using System.Text;

namespace FlumeNet.ConfigParser.Properties;

/// <summary>Backslash escapes of the properties format: <c>Properties.loadConvert</c> and its inverse.</summary>
internal static class PropertiesEscapes
{
    /// <summary>
    /// Converts escapes in <paramref name="text"/> into <paramref name="result"/>. Returns -1, or the offset of the
    /// backslash of a malformed <c>\u</c> escape (where Java throws). <paramref name="scratch"/> must be at least as
    /// long as <paramref name="text"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Unescape(ReadOnlySpan<char> text, Span<char> scratch, out string result)
    {
        var first = text.IndexOf('\\');
        if (first < 0)
        {
            result = new string(text);
            return -1;
        }
        text[..first].CopyTo(scratch);
        var n = first;
        var i = first;
        while (i < text.Length)
        {
            var c = text[i++];
            if (c != '\\')
            {
                scratch[n++] = c;
                continue;
            }
            // The line reader never leaves an odd trailing backslash, but stay safe on any input.
            if (i >= text.Length)
            {
                break;
            }
            c = text[i++];
            if (c == 'u')
            {
                var start = i - 2;
                if (i > text.Length - 4 || !TryParseHex4(text.Slice(i, 4), out var value))
                {
                    result = string.Empty;
                    return start;
                }
                scratch[n++] = value;
                i += 4;
                continue;
            }
            scratch[n++] = c switch
            {
                't' => '\t',
                'r' => '\r',
                'n' => '\n',
                'f' => '\f',
                _ => c,
            };
        }
        result = new string(scratch[..n]);
        return -1;
    }

    /// <summary>
    /// Writes <paramref name="text"/> the way it would have to appear in a properties file (ASCII only), for hints.
    /// Keys also escape separators; values escape only what <c>load</c> would otherwise skip at their start.
    /// </summary>
    public static string Escape(string text, bool isKey)
    {
        var sb = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var leading = i == 0;
            switch (c)
            {
                case '\\':
                    sb.Append(@"\\");
                    break;
                case '\t':
                    sb.Append(@"\t");
                    break;
                case '\n':
                    sb.Append(@"\n");
                    break;
                case '\r':
                    sb.Append(@"\r");
                    break;
                case '\f':
                    sb.Append(@"\f");
                    break;
                case ' ' or '=' or ':' when isKey || leading:
                    sb.Append('\\').Append(c);
                    break;
                case '#' or '!' when isKey && leading:
                    sb.Append('\\').Append(c);
                    break;
                case < ' ' or > '~':
                    sb.Append(@"\u").Append(((int)c).ToString("x4"));
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    private static bool TryParseHex4(ReadOnlySpan<char> digits, out char value)
    {
        var v = 0;
        foreach (var d in digits)
        {
            int h;
            if (d is >= '0' and <= '9')
            {
                h = d - '0';
            }
            else if (d is >= 'a' and <= 'f')
            {
                h = d - 'a' + 10;
            }
            else if (d is >= 'A' and <= 'F')
            {
                h = d - 'A' + 10;
            }
            else
            {
                value = '\0';
                return false;
            }
            v = (v << 4) | h;
        }
        value = (char)v;
        return true;
    }
}
