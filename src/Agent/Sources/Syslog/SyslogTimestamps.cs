using System.Globalization;

namespace FlumeNet.Agent.Sources.Syslog;

/// <summary>
/// The two ways Flume turns syslog time stamps into epoch milliseconds, quirks included (reference §3.3, §3.5, T9, T10):
/// SyslogUtils (syslogtcp, syslogudp) reads local times in the agent's zone, reads a fraction as whole milliseconds and
/// then ignores the zone; SyslogParser (multiport_syslogtcp) reads RFC 3164 stamps as UTC of the year 2000 before its
/// year fix, and RFC 5424 stamps correctly.
/// </summary>
public static class SyslogTimestamps
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>SyslogUtils' RFC 5424 conversion of a stamp the header regex accepted; null when no pattern parses it.</summary>
    public static long? Utils5424(string stamp, TimeZoneInfo zone)
    {
        if (!TryDateTime(stamp, out var local))
        {
            return null;
        }
        var pos = 19;
        if (pos < stamp.Length && stamp[pos] == '.')
        {
            // yyyy-MM-dd'T'HH:mm:ss.S wins whenever there is a fraction: the (truncated) digits are milliseconds, the zone is not read.
            var start = ++pos;
            while (pos < stamp.Length && pos - start < 3 && char.IsAsciiDigit(stamp[pos]))
            {
                pos++;
            }
            if (pos == start)
            {
                return null;
            }
            var ms = int.Parse(stamp.AsSpan(start, pos - start), NumberStyles.None, CultureInfo.InvariantCulture);
            return LocalToMillis(local.AddMilliseconds(ms), zone);
        }
        if (pos < stamp.Length)
        {
            if (stamp[pos] == 'Z')
            {
                return UtcMillis(local);
            }
            if (TryOffset(stamp, pos, out var offset))
            {
                return UtcMillis(local - offset);
            }
        }
        return LocalToMillis(local, zone);
    }

    /// <summary>SyslogUtils' RFC 3164 conversion (<c>Mmm d HH:mm:ss</c>): the current UTC year, local time, then the year fix.</summary>
    public static long? Utils3164(string stamp, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (!TryMonthDayTime(stamp, now.UtcDateTime.Year, out var local))
        {
            return null;
        }
        var nowLocal = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        if (local > nowLocal.AddMonths(1))
        {
            local = local.AddYears(-1);
        }
        else if (local < nowLocal.AddMonths(-11))
        {
            local = local.AddYears(1);
        }
        return LocalToMillis(local, zone);
    }

    /// <summary>SyslogParser's RFC 3164 conversion: UTC, year 2000, moved to 1999 or 2001 when more than a month from now (T10); 0 when unparsable.</summary>
    public static long Parser3164(string stamp, DateTimeOffset now)
    {
        if (!TryMonthDayTime(stamp, 2000, out var parsed, strict: true))
        {
            return 0;
        }
        var utcNow = now.UtcDateTime;
        var withYear = parsed.AddYears(utcNow.Year - 2000);
        if (withYear > utcNow && withYear.AddMonths(-1) > utcNow)
        {
            return UtcMillis(parsed.AddYears(-1));
        }
        if (withYear < utcNow && withYear.AddMonths(1) < utcNow)
        {
            return UtcMillis(parsed.AddYears(1));
        }
        return UtcMillis(withYear);
    }

    /// <summary>SyslogParser's RFC 5424 conversion; throws <see cref="FormatException"/> (Flume: IllegalArgumentException) when rejected.</summary>
    public static long Parser5424(string stamp)
    {
        if (stamp.Length <= 19 || !TryDateTime(stamp, out var utc, strict: true))
        {
            throw new FormatException($"bad RFC 5424 timestamp '{stamp}'");
        }
        var pos = 19;
        if (stamp[pos] == '.')
        {
            var start = ++pos;
            while (pos < stamp.Length && char.IsAsciiDigit(stamp[pos]))
            {
                pos++;
            }
            var digits = stamp.AsSpan(start, pos - start);
            if (digits.Length > 0)
            {
                var ms = 0;
                for (var i = 0; i < 3; i++)
                {
                    ms = (ms * 10) + (i < digits.Length ? digits[i] - '0' : 0);
                }
                utc = utc.AddMilliseconds(ms);
            }
        }
        if (pos < stamp.Length && stamp[pos] is '+' or '-')
        {
            if (stamp.Length - pos != 6 || !TryOffset(stamp, pos, out var offset))
            {
                throw new FormatException($"bad RFC 5424 time zone in '{stamp}'");
            }
            utc -= offset;
        }
        return UtcMillis(utc);
    }

    private static long UtcMillis(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;

    private static long LocalToMillis(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // A local time in a DST gap: the lenient Java calendar moves it forward by the gap.
            local = local.AddHours(1);
        }
        return UtcMillis(local - zone.GetUtcOffset(local));
    }

    // yyyy-MM-ddTHH:mm:ss at the start of the text (the regex checked the shape). Lenient (Java's SimpleDateFormat) rolls
    // out-of-range fields over; strict (Joda) rejects them.
    private static bool TryDateTime(string s, out DateTime value, bool strict = false)
    {
        value = default;
        if (s.Length < 19 || !Num(s, 0, 4, out var y) || s[4] != '-' || !Num(s, 5, 2, out var mo) || s[7] != '-' || !Num(s, 8, 2, out var d)
            || s[10] != 'T' || !Num(s, 11, 2, out var h) || s[13] != ':' || !Num(s, 14, 2, out var mi) || s[16] != ':' || !Num(s, 17, 2, out var sec))
        {
            return false;
        }
        return Compose(y, mo, d, h, mi, sec, strict, out value);
    }

    private static bool TryMonthDayTime(string stamp, int year, out DateTime value, bool strict = false)
    {
        value = default;
        var s = stamp.Replace("  ", " ", StringComparison.Ordinal);
        if (s.Length < 14)
        {
            return false;
        }
        var month = Array.IndexOf(Months, s[..3].ToLowerInvariant()) + 1;
        if (month == 0 || s[3] != ' ')
        {
            return false;
        }
        var pos = 4;
        var dayStart = pos;
        while (pos < s.Length && char.IsAsciiDigit(s[pos]) && pos - dayStart < 2)
        {
            pos++;
        }
        if (pos == dayStart || !Num(s, dayStart, pos - dayStart, out var day) || s.Length != pos + 9 || s[pos] != ' '
            || !Num(s, pos + 1, 2, out var h) || s[pos + 3] != ':' || !Num(s, pos + 4, 2, out var mi) || s[pos + 6] != ':' || !Num(s, pos + 7, 2, out var sec))
        {
            return false;
        }
        return Compose(year, month, day, h, mi, sec, strict, out value);
    }

    private static bool Compose(int y, int mo, int d, int h, int mi, int sec, bool strict, out DateTime value)
    {
        value = default;
        if (strict)
        {
            if (y < 1 || mo is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59)
            {
                return false;
            }
            value = new DateTime(y, mo, d, h, mi, sec, DateTimeKind.Unspecified);
            return true;
        }
        if (y < 1 || y > 9998)
        {
            return false;
        }
        value = new DateTime(y, 1, 1, 0, 0, 0, DateTimeKind.Unspecified)
            .AddMonths(mo - 1).AddDays(d - 1).AddHours(h).AddMinutes(mi).AddSeconds(sec);
        return true;
    }

    private static bool TryOffset(string s, int pos, out TimeSpan offset)
    {
        offset = default;
        if (pos + 6 > s.Length || s[pos] is not ('+' or '-') || !Num(s, pos + 1, 2, out var h) || s[pos + 3] != ':' || !Num(s, pos + 4, 2, out var m))
        {
            return false;
        }
        offset = new TimeSpan(h, m, 0);
        if (s[pos] == '-')
        {
            offset = -offset;
        }
        return true;
    }

    private static bool Num(string s, int pos, int len, out int value)
    {
        value = 0;
        if (pos + len > s.Length)
        {
            return false;
        }
        for (var i = pos; i < pos + len; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }
            value = (value * 10) + (s[i] - '0');
        }
        return true;
    }
}
