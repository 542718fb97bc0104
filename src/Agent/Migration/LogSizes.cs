using System.Globalization;

namespace FlumeNet.Agent.Migration;

/// <summary>Sizes and rolling periods as log4j writes them: <c>100MB</c>, <c>100 MB</c>, <c>10KB</c>, date patterns, cron.</summary>
public static class LogSizes
{
    /// <summary>log4j 1 <c>MaxFileSize</c> and log4j 2 <c>size</c>: a number with an optional KB/MB/GB/TB unit (1024-based).</summary>
    public static long? ParseSize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var t = text.Trim().ToUpperInvariant().Replace(" ", string.Empty, StringComparison.Ordinal);
        long factor = 1;
        foreach (var (suffix, f) in new[] { ("TB", 1L << 40), ("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10), ("B", 1L) })
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal))
            {
                factor = f;
                t = t[..^suffix.Length];
                break;
            }
        }
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 ? (long)(n * factor) : null;
    }

    /// <summary>The shortest period a Java date pattern distinguishes, as NLog's <c>archiveEvery</c> names it.</summary>
    public static string? PeriodOfDatePattern(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var letters = new HashSet<char>();
        var quoted = false;
        foreach (var c in pattern)
        {
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && char.IsAsciiLetter(c))
            {
                letters.Add(c);
            }
        }
        return letters switch
        {
            _ when letters.Contains('m') => "Minute",
            _ when letters.Contains('H') || letters.Contains('h') || letters.Contains('k') || letters.Contains('K') => "Hour",
            _ when letters.Contains('d') || letters.Contains('D') || letters.Contains('E') => "Day",
            _ when letters.Contains('w') || letters.Contains('W') => "Sunday",
            _ when letters.Contains('M') => "Month",
            _ when letters.Contains('y') => "Year",
            _ => null,
        };
    }

    /// <summary>The date pattern of a log4j file pattern's first <c>%d{…}</c> (<c>%d</c> alone is yyyy-MM-dd), or null.</summary>
    public static string? DatePatternIn(string filePattern)
    {
        ArgumentNullException.ThrowIfNull(filePattern);
        var i = filePattern.IndexOf("%d", StringComparison.Ordinal);
        if (i < 0)
        {
            return null;
        }
        if (i + 2 < filePattern.Length && filePattern[i + 2] == '{')
        {
            var close = filePattern.IndexOf('}', i + 3);
            return close < 0 ? null : filePattern[(i + 3)..close];
        }
        return "yyyy-MM-dd";
    }

    /// <summary>A Quartz cron schedule (log4j 2 CronTriggeringPolicy), as the period it repeats at; null if it is no plain period.</summary>
    public static string? PeriodOfCron(string schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var f = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 6)
        {
            return null;
        }
        static bool Any(string s) => s is "*" or "?";
        return (f[0], f[1], f[2], f[3]) switch
        {
            (_, _, _, var dom) when !Any(dom) && !Any(f[4]) => "Year",
            (_, _, _, var dom) when !Any(dom) => "Month",
            (_, var min, var hour, _) when !Any(min) && !Any(hour) => "Day",
            (_, var min, _, _) when !Any(min) => "Hour",
            _ => "Minute",
        };
    }
}
