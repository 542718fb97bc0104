using System.Text;

namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>
/// Writes the calendar shorthand escapes with the Java <c>SimpleDateFormat</c> patterns Flume uses (reference §2.4),
/// always with English names, whatever the current culture.
/// </summary>
internal static class BucketTimeFormatter
{
    private static readonly string[] ShortDays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] FullDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] ShortMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    private static readonly string[] FullMonths =
    [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ];

    /// <summary>True for the letters that print a calendar field (everything but <c>%</c>, <c>s</c>, <c>t</c> and unknowns).</summary>
    public static bool IsCalendarLetter(char c) => c switch
    {
        'a' or 'A' or 'b' or 'B' or 'c' or 'd' or 'e' or 'D' or 'H' or 'I' or 'j' or 'k' or 'l' or 'm' or 'n' or 'M' or
            'p' or 'S' or 'y' or 'Y' or 'z' => true,
        _ => false,
    };

    public static void Append(StringBuilder sb, char letter, in BucketTime t)
    {
        switch (letter)
        {
            case 'a':
                sb.Append(ShortDays[(int)t.DayOfWeek]);
                break;
            case 'A':
                sb.Append(FullDays[(int)t.DayOfWeek]);
                break;
            case 'b':
                sb.Append(ShortMonths[t.Month - 1]);
                break;
            case 'B':
                sb.Append(FullMonths[t.Month - 1]);
                break;
            case 'c':
                // EEE MMM d HH:mm:ss yyyy
                sb.Append(ShortDays[(int)t.DayOfWeek]).Append(' ').Append(ShortMonths[t.Month - 1]).Append(' ').Append(t.Day).Append(' ');
                Padded(sb, t.Hour, 2).Append(':');
                Padded(sb, t.Minute, 2).Append(':');
                Padded(sb, t.Second, 2).Append(' ');
                Padded(sb, t.Year, 4);
                break;
            case 'd':
                Padded(sb, t.Day, 2);
                break;
            case 'e':
                sb.Append(t.Day);
                break;
            case 'D':
                // MM/dd/yy
                Padded(sb, t.Month, 2).Append('/');
                Padded(sb, t.Day, 2).Append('/');
                Padded(sb, t.Year % 100, 2);
                break;
            case 'H':
                Padded(sb, t.Hour, 2);
                break;
            case 'I':
                Padded(sb, Hour12(t.Hour), 2);
                break;
            case 'j':
                Padded(sb, t.DayOfYear, 3);
                break;
            case 'k':
                sb.Append(t.Hour);
                break;
            case 'l':
                sb.Append(Hour12(t.Hour));
                break;
            case 'm':
                Padded(sb, t.Month, 2);
                break;
            case 'n':
                sb.Append(t.Month);
                break;
            case 'M':
                Padded(sb, t.Minute, 2);
                break;
            case 'p':
                sb.Append(t.Hour < 12 ? "AM" : "PM");
                break;
            case 'S':
                Padded(sb, t.Second, 2);
                break;
            case 'y':
                Padded(sb, t.Year % 100, 2);
                break;
            case 'Y':
                Padded(sb, t.Year, 4);
                break;
            case 'z':
                // RFC 822: ±hhmm
                var minutes = t.OffsetMinutes;
                sb.Append(minutes < 0 ? '-' : '+');
                minutes = Math.Abs(minutes);
                Padded(sb, ((minutes / 60) * 100) + (minutes % 60), 4);
                break;
            default:
                break;
        }
    }

    private static int Hour12(int hour) => hour % 12 == 0 ? 12 : hour % 12;

    /// <summary>Appends a non-negative value zero-padded to at least <paramref name="width"/> digits, without allocating.</summary>
    private static StringBuilder Padded(StringBuilder sb, int value, int width)
    {
        Span<char> digits = stackalloc char[10];
        var n = 0;
        do
        {
            digits[n++] = (char)('0' + (value % 10));
            value /= 10;
        }
        while (value > 0);
        for (var i = n; i < width; i++)
        {
            sb.Append('0');
        }
        for (var i = n - 1; i >= 0; i--)
        {
            sb.Append(digits[i]);
        }
        return sb;
    }
}
