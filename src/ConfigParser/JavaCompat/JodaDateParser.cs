namespace FlumeNet.ConfigParser.JavaCompat;

/// <summary>
/// Parses text with a Joda-time <c>DateTimeFormat</c> pattern, as Flume's millis serializer does with
/// <c>formatter.parseMillis</c>: English names, numbers of 1 to max digits (a numeric field right before another
/// takes exactly its width only for years), unset fields from 1970-01-01T00:00, the whole text must be consumed, and
/// local times in a DST gap are rejected while those in an overlap take the earlier instant.
/// Supported letters: y Y M d D E e a H k K h m s S Z ZZ ZZZ z and quoted literals; G C x w are refused.
/// </summary>
public sealed class JodaDateParser
{
    private static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly string[] DayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static readonly string[] HalfDayNames = ["AM", "PM"];

    /// <summary>Joda's default time zone names (those 'z' can parse) and the zones they stand for.</summary>
    private static readonly (string Name, string ZoneId)[] ZoneNames =
    [
        ("UTC", "UTC"), ("UT", "UTC"), ("GMT", "UTC"),
        ("EST", "America/New_York"), ("EDT", "America/New_York"),
        ("CST", "America/Chicago"), ("CDT", "America/Chicago"),
        ("MST", "America/Denver"), ("MDT", "America/Denver"),
        ("PST", "America/Los_Angeles"), ("PDT", "America/Los_Angeles"),
    ];

    private readonly JodaToken[] _tokens;
    private readonly TimeZoneInfo _zone;
    private readonly int _twoDigitYearLow;

    /// <param name="pattern">The Joda pattern.</param>
    /// <param name="zone">The zone of texts that name none (Joda's default zone).</param>
    /// <param name="currentYear">Anchors two-digit years to [currentYear - 80, currentYear + 19], as Joda's pivot does.</param>
    public JodaDateParser(string pattern, TimeZoneInfo zone, int? currentYear = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentNullException.ThrowIfNull(zone);
        _tokens = JodaPattern.Compile(pattern);
        _zone = zone;
        _twoDigitYearLow = (currentYear ?? DateTime.Now.Year) - 80;
    }

    /// <exception cref="FormatException">The text does not fit the pattern or names an impossible date.</exception>
    public long ParseMillis(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var f = default(Fields);
        var pos = 0;
        foreach (var t in _tokens)
        {
            var next = ParseToken(t, text, pos, ref f);
            if (next < 0)
            {
                throw Malformed(text, pos);
            }
            pos = next;
        }
        if (pos < text.Length)
        {
            throw Malformed(text, pos);
        }
        return ToMillis(text, ref f);
    }

    private static FormatException Malformed(string text, int pos) =>
        new(pos >= text.Length ? $"Invalid format: \"{text}\" is too short" : $"Invalid format: \"{text}\" is malformed at \"{text[pos..]}\"");

    private int ParseToken(JodaToken t, string text, int pos, ref Fields f)
    {
        int value;
        int next;
        switch (t.Kind)
        {
            case JodaField.Literal:
                return pos + t.Text!.Length <= text.Length
                    && text.AsSpan(pos, t.Text.Length).Equals(t.Text, StringComparison.OrdinalIgnoreCase) ? pos + t.Text.Length : -1;
            case JodaField.Year:
                next = ParseNumber(text, pos, t.MaxDigits, signed: true, out value);
                f.Year = value;
                return next;
            case JodaField.TwoDigitYear:
                return ParseTwoDigitYear(t, text, pos, ref f);
            case JodaField.MonthText:
                next = ParseText(text, pos, MonthNames, out value);
                f.Month = value + 1;
                return next;
            case JodaField.DayOfWeekText:
                next = ParseText(text, pos, DayNames, out value);
                f.DayOfWeek = value + 1;
                return next;
            case JodaField.HalfDay:
                next = ParseText(text, pos, HalfDayNames, out value);
                f.HalfDay = value;
                return next;
            case JodaField.Fraction:
                return ParseFraction(text, pos, t.MaxDigits, ref f);
            case JodaField.Offset:
                return ParseOffset(text, pos, ref f);
            case JodaField.ZoneId:
                return ParseZoneId(text, pos, ref f);
            case JodaField.ZoneName:
                return ParseZoneName(text, pos, ref f);
            default:
                next = ParseNumber(text, pos, t.MaxDigits, signed: false, out value);
                f.Set(t.Kind, value);
                return next;
        }
    }

    private static int ParseNumber(string text, int pos, int maxDigits, bool signed, out int value)
    {
        value = 0;
        var negative = false;
        if (signed && pos + 1 < text.Length && text[pos] is '-' or '+' && char.IsAsciiDigit(text[pos + 1]))
        {
            negative = text[pos] == '-';
            pos++;
        }
        var start = pos;
        long v = 0;
        while (pos < text.Length && pos - start < maxDigits && char.IsAsciiDigit(text[pos]))
        {
            v = v * 10 + (text[pos] - '0');
            pos++;
        }
        if (pos == start || v > int.MaxValue)
        {
            return -1;
        }
        value = negative ? -(int)v : (int)v;
        return pos;
    }

    private int ParseTwoDigitYear(JodaToken t, string text, int pos, ref Fields f)
    {
        int next;
        int value;
        if (t.Lenient)
        {
            next = ParseNumber(text, pos, 9, signed: true, out value);
            if (next < 0)
            {
                return -1;
            }
            if (next - pos != 2 || text[pos] is '-' or '+')
            {
                f.Year = value;
                return next;
            }
        }
        else
        {
            next = ParseNumber(text, pos, 2, signed: false, out value);
            if (next - pos != 2)
            {
                return -1;
            }
        }
        var low = _twoDigitYearLow;
        var t100 = low >= 0 ? low % 100 : 99 + ((low + 1) % 100);
        f.Year = value + low + (value < t100 ? 100 : 0) - t100;
        return next;
    }

    private static int ParseText(string text, int pos, string[] names, out int index)
    {
        var bestLength = 0;
        index = -1;
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            foreach (var candidate in (ReadOnlySpan<int>)[name.Length, Math.Min(3, name.Length)])
            {
                if (candidate > bestLength && pos + candidate <= text.Length
                    && text.AsSpan(pos, candidate).Equals(name.AsSpan(0, candidate), StringComparison.OrdinalIgnoreCase))
                {
                    bestLength = candidate;
                    index = i;
                }
            }
        }
        return index < 0 ? -1 : pos + bestLength;
    }

    private static int ParseFraction(string text, int pos, int maxDigits, ref Fields f)
    {
        var start = pos;
        var millis = 0;
        var scale = 100;
        while (pos < text.Length && pos - start < maxDigits && char.IsAsciiDigit(text[pos]))
        {
            millis += (text[pos] - '0') * scale;
            scale /= 10;
            pos++;
        }
        if (pos == start)
        {
            return -1;
        }
        f.Millis = millis;
        return pos;
    }

    private static int ParseOffset(string text, int pos, ref Fields f)
    {
        if (pos < text.Length && text[pos] is 'Z' or 'z')
        {
            f.OffsetMillis = 0;
            return pos + 1;
        }
        if (pos >= text.Length || text[pos] is not ('+' or '-'))
        {
            return -1;
        }
        var sign = text[pos] == '-' ? -1 : 1;
        pos++;
        var next = ParseFixed(text, pos, 2, out var hours);
        if (next < 0 || hours > 23)
        {
            return -1;
        }
        pos = next;
        var minutes = 0;
        var seconds = 0;
        if (TryFixedAfterOptionalColon(text, ref pos, out var m))
        {
            minutes = m;
            if (TryFixedAfterOptionalColon(text, ref pos, out var s))
            {
                seconds = s;
            }
        }
        if (minutes > 59 || seconds > 59)
        {
            return -1;
        }
        f.OffsetMillis = sign * (((hours * 60) + minutes) * 60 + seconds) * 1000L;
        return pos;
    }

    private static bool TryFixedAfterOptionalColon(string text, ref int pos, out int value)
    {
        var p = pos < text.Length && text[pos] == ':' ? pos + 1 : pos;
        var next = ParseFixed(text, p, 2, out value);
        if (next < 0)
        {
            return false;
        }
        pos = next;
        return true;
    }

    private static int ParseFixed(string text, int pos, int digits, out int value)
    {
        value = 0;
        if (pos + digits > text.Length)
        {
            return -1;
        }
        for (var i = pos; i < pos + digits; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return -1;
            }
            value = value * 10 + (text[i] - '0');
        }
        return pos + digits;
    }

    private static int ParseZoneId(string text, int pos, ref Fields f)
    {
        var end = pos;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '_' or '/' or '+' or '-'))
        {
            end++;
        }
        for (var len = end - pos; len > 0; len--)
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(text.Substring(pos, len), out var zone))
            {
                f.Zone = zone;
                return pos + len;
            }
        }
        return -1;
    }

    private static int ParseZoneName(string text, int pos, ref Fields f)
    {
        string? id = null;
        var length = 0;
        foreach (var (name, zoneId) in ZoneNames)
        {
            if (name.Length > length && pos + name.Length <= text.Length && text.AsSpan(pos, name.Length).SequenceEqual(name))
            {
                id = zoneId;
                length = name.Length;
            }
        }
        if (id is null || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return -1;
        }
        f.Zone = zone;
        return pos + length;
    }

    /// <summary>Applies the fields in Joda's order (larger units first), checking each range as Joda does.</summary>
    private long ToMillis(string text, ref Fields f)
    {
        var year = f.Year ?? 1970;
        Check(text, "year", year, 1, 9999);
        var month = f.Month ?? 1;
        Check(text, "monthOfYear", month, 1, 12);
        var date = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        if (f.DayOfYear is { } doy)
        {
            Check(text, "dayOfYear", doy, 1, DateTime.IsLeapYear(year) ? 366 : 365);
            date = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddDays(doy - 1);
        }
        if (f.DayOfMonth is { } dom)
        {
            Check(text, "dayOfMonth", dom, 1, DateTime.DaysInMonth(date.Year, date.Month));
            date = new DateTime(date.Year, date.Month, dom, 0, 0, 0, DateTimeKind.Unspecified);
        }
        if (f.DayOfWeek is { } dow)
        {
            Check(text, "dayOfWeek", dow, 1, 7);
            var current = date.DayOfWeek == System.DayOfWeek.Sunday ? 7 : (int)date.DayOfWeek;
            date = date.AddDays(dow - current);
        }
        var hour = (f.HalfDay ?? 0) * 12;
        if (f.HourOfDay is { } h24)
        {
            Check(text, "hourOfDay", h24, 0, 23);
            hour = h24;
        }
        if (f.ClockHourOfDay is { } k)
        {
            Check(text, "clockhourOfDay", k, 1, 24);
            hour = k % 24;
        }
        if (f.HourOfHalfDay is { } kh)
        {
            Check(text, "hourOfHalfday", kh, 0, 11);
            hour = hour / 12 * 12 + kh;
        }
        if (f.ClockHourOfHalfDay is { } ch)
        {
            Check(text, "clockhourOfHalfday", ch, 1, 12);
            hour = hour / 12 * 12 + ch % 12;
        }
        var minute = f.Minute ?? 0;
        Check(text, "minuteOfHour", minute, 0, 59);
        var second = f.Second ?? 0;
        Check(text, "secondOfMinute", second, 0, 59);
        var local = date.AddHours(hour).AddMinutes(minute).AddSeconds(second).AddMilliseconds(f.Millis ?? 0);
        var localMillis = (local.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
        if (f.OffsetMillis is { } offset)
        {
            return localMillis - offset;
        }
        var zone = f.Zone ?? _zone;
        if (zone.IsInvalidTime(local))
        {
            throw new FormatException($"Cannot parse \"{text}\": Illegal instant due to time zone offset transition ({zone.Id})");
        }
        var zoneOffset = zone.GetUtcOffset(local);
        if (zone.IsAmbiguousTime(local))
        {
            foreach (var candidate in zone.GetAmbiguousTimeOffsets(local))
            {
                if (candidate > zoneOffset)
                {
                    zoneOffset = candidate;
                }
            }
        }
        return localMillis - (long)zoneOffset.TotalMilliseconds;
    }

    private static void Check(string text, string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new FormatException($"Cannot parse \"{text}\": Value {value} for {field} must be in the range [{min},{max}]");
        }
    }

    private struct Fields
    {
        public int? Year;
        public int? Month;
        public int? DayOfMonth;
        public int? DayOfYear;
        public int? DayOfWeek;
        public int? HalfDay;
        public int? HourOfDay;
        public int? ClockHourOfDay;
        public int? HourOfHalfDay;
        public int? ClockHourOfHalfDay;
        public int? Minute;
        public int? Second;
        public int? Millis;
        public long? OffsetMillis;
        public TimeZoneInfo? Zone;

        public void Set(JodaField kind, int value)
        {
            switch (kind)
            {
                case JodaField.Month: Month = value; break;
                case JodaField.DayOfMonth: DayOfMonth = value; break;
                case JodaField.DayOfYear: DayOfYear = value; break;
                case JodaField.DayOfWeek: DayOfWeek = value; break;
                case JodaField.HourOfDay: HourOfDay = value; break;
                case JodaField.ClockHourOfDay: ClockHourOfDay = value; break;
                case JodaField.HourOfHalfDay: HourOfHalfDay = value; break;
                case JodaField.ClockHourOfHalfDay: ClockHourOfHalfDay = value; break;
                case JodaField.Minute: Minute = value; break;
                case JodaField.Second: Second = value; break;
                default: throw new InvalidOperationException($"Not a numeric field: {kind}");
            }
        }
    }
}
