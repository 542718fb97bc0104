using System.Globalization;
using System.Text;

namespace FlumeNet.ConfigParser.JavaCompat;

/// <summary>
/// Formats a date with a Java <c>SimpleDateFormat</c> pattern, for <c>${date:pattern}</c>. Covers the pattern letters
/// configs use (G y Y M L d D E u a H k K h m s S z Z X and quoted text); an unknown letter makes the pattern invalid.
/// </summary>
public static class JavaDateFormat
{
    public static string? TryFormat(string pattern, DateTimeOffset now)
    {
        var sb = new StringBuilder();
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\'')
            {
                var close = pattern.IndexOf('\'', i + 1);
                if (close < 0)
                {
                    return null;
                }
                sb.Append(close == i + 1 ? "'" : pattern[(i + 1)..close]);
                i = close + 1;
                continue;
            }
            if (!char.IsAsciiLetter(c))
            {
                sb.Append(c);
                i++;
                continue;
            }
            var run = 1;
            while (i + run < pattern.Length && pattern[i + run] == c)
            {
                run++;
            }
            if (!AppendField(sb, c, run, now))
            {
                return null;
            }
            i += run;
        }
        return sb.ToString();
    }

    private static bool AppendField(StringBuilder sb, char letter, int count, DateTimeOffset t)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (letter)
        {
            case 'G':
                sb.Append(t.Year > 0 ? "AD" : "BC");
                return true;
            case 'y':
            case 'Y':
                sb.Append(count == 2 ? (t.Year % 100).ToString("00", inv) : t.Year.ToString(new string('0', count), inv));
                return true;
            case 'M':
            case 'L':
                sb.Append(count switch
                {
                    >= 4 => inv.DateTimeFormat.GetMonthName(t.Month),
                    3 => inv.DateTimeFormat.GetAbbreviatedMonthName(t.Month),
                    _ => t.Month.ToString(new string('0', count), inv),
                });
                return true;
            case 'd':
                return Number(sb, t.Day, count);
            case 'D':
                return Number(sb, t.DayOfYear, count);
            case 'E':
                sb.Append(count >= 4 ? inv.DateTimeFormat.GetDayName(t.DayOfWeek) : inv.DateTimeFormat.GetAbbreviatedDayName(t.DayOfWeek));
                return true;
            case 'u':
                return Number(sb, t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek, count);
            case 'a':
                sb.Append(t.Hour < 12 ? "AM" : "PM");
                return true;
            case 'H':
                return Number(sb, t.Hour, count);
            case 'k':
                return Number(sb, t.Hour == 0 ? 24 : t.Hour, count);
            case 'K':
                return Number(sb, t.Hour % 12, count);
            case 'h':
                return Number(sb, t.Hour % 12 == 0 ? 12 : t.Hour % 12, count);
            case 'm':
                return Number(sb, t.Minute, count);
            case 's':
                return Number(sb, t.Second, count);
            case 'S':
                return Number(sb, t.Millisecond, count);
            case 'z':
            case 'Z':
            case 'X':
                var off = t.Offset;
                var sign = off < TimeSpan.Zero ? '-' : '+';
                off = off.Duration();
                sb.Append(sign).Append(off.Hours.ToString("00", inv));
                if (letter == 'X' && count == 3 || letter == 'z')
                {
                    sb.Append(':');
                }
                sb.Append(off.Minutes.ToString("00", inv));
                return true;
            default:
                return false;
        }
    }

    private static bool Number(StringBuilder sb, int value, int count)
    {
        sb.Append(value.ToString(new string('0', count), CultureInfo.InvariantCulture));
        return true;
    }
}
