using System.Text;

namespace FlumeNet.ConfigParser.JavaCompat;

/// <summary>The field a Joda pattern token parses.</summary>
internal enum JodaField
{
    Literal,
    Year,
    TwoDigitYear,
    Month,
    MonthText,
    DayOfMonth,
    DayOfYear,
    DayOfWeek,
    DayOfWeekText,
    HalfDay,
    HourOfDay,
    ClockHourOfDay,
    HourOfHalfDay,
    ClockHourOfHalfDay,
    Minute,
    Second,
    Fraction,
    Offset,
    ZoneId,
    ZoneName,
}

/// <summary>One compiled Joda pattern token: a literal or a field with the most digits it may take.</summary>
internal readonly record struct JodaToken(JodaField Kind, int MaxDigits, string? Text, bool Lenient);

/// <summary>Compiles a Joda-time <c>DateTimeFormat</c> pattern into tokens, following Joda's <c>parsePatternTo</c>.</summary>
internal static class JodaPattern
{
    public static JodaToken[] Compile(string pattern)
    {
        var raw = Tokenize(pattern);
        var tokens = new JodaToken[raw.Count];
        for (var i = 0; i < raw.Count; i++)
        {
            var (letter, count, literal) = raw[i];
            var nextNumeric = i + 1 < raw.Count && IsNumeric(raw[i + 1]);
            tokens[i] = letter switch
            {
                '\0' => new JodaToken(JodaField.Literal, 0, literal, false),
                'y' or 'Y' when count == 2 => new JodaToken(JodaField.TwoDigitYear, 2, null, !nextNumeric),
                'y' or 'Y' => new JodaToken(JodaField.Year, nextNumeric ? count : 9, null, false),
                'M' when count >= 3 => new JodaToken(JodaField.MonthText, 0, null, false),
                'M' => Number(JodaField.Month, count, 2),
                'd' => Number(JodaField.DayOfMonth, count, 2),
                'D' => Number(JodaField.DayOfYear, count, 3),
                'e' => Number(JodaField.DayOfWeek, count, 1),
                'E' => new JodaToken(JodaField.DayOfWeekText, 0, null, false),
                'a' => new JodaToken(JodaField.HalfDay, 0, null, false),
                'H' => Number(JodaField.HourOfDay, count, 2),
                'k' => Number(JodaField.ClockHourOfDay, count, 2),
                'K' => Number(JodaField.HourOfHalfDay, count, 2),
                'h' => Number(JodaField.ClockHourOfHalfDay, count, 2),
                'm' => Number(JodaField.Minute, count, 2),
                's' => Number(JodaField.Second, count, 2),
                'S' => new JodaToken(JodaField.Fraction, count, null, false),
                'Z' when count >= 3 => new JodaToken(JodaField.ZoneId, 0, null, false),
                'Z' => new JodaToken(JodaField.Offset, 0, null, false),
                'z' => new JodaToken(JodaField.ZoneName, 0, null, false),
                'G' or 'C' or 'x' or 'w' => throw new ArgumentException(
                    $"Date pattern '{pattern}': the Joda letter '{letter}' is not supported by FlumeNet"),
                _ => throw new ArgumentException($"Illegal pattern component: {new string(letter, count)} (in date pattern '{pattern}')"),
            };
        }
        return tokens;
    }

    private static JodaToken Number(JodaField kind, int count, int maxDigits) => new(kind, Math.Max(count, maxDigits), null, false);

    private static bool IsNumeric((char Letter, int Count, string? Literal) token) =>
        token.Letter is 'C' or 'x' or 'y' or 'Y' or 'd' or 'h' or 'H' or 'm' or 's' or 'S' or 'e' or 'D' or 'k' or 'K'
        || (token.Letter == 'M' && token.Count <= 2);

    /// <summary>Joda's tokens: a run of one letter, a quoted literal ('' is a quote), or a run of other characters.</summary>
    private static List<(char Letter, int Count, string? Literal)> Tokenize(string pattern)
    {
        var tokens = new List<(char, int, string?)>();
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (char.IsAsciiLetter(c))
            {
                var start = i;
                while (i < pattern.Length && pattern[i] == c)
                {
                    i++;
                }
                tokens.Add((c, i - start, null));
                continue;
            }
            var literal = new StringBuilder();
            while (i < pattern.Length && !char.IsAsciiLetter(pattern[i]))
            {
                if (pattern[i] != '\'')
                {
                    literal.Append(pattern[i++]);
                    continue;
                }
                if (i + 1 < pattern.Length && pattern[i + 1] == '\'')
                {
                    literal.Append('\'');
                    i += 2;
                    continue;
                }
                i++;
                while (true)
                {
                    if (i >= pattern.Length)
                    {
                        throw new ArgumentException($"Date pattern '{pattern}': unterminated quote");
                    }
                    if (pattern[i] == '\'')
                    {
                        if (i + 1 < pattern.Length && pattern[i + 1] == '\'')
                        {
                            literal.Append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    literal.Append(pattern[i++]);
                }
            }
            tokens.Add(('\0', 0, literal.ToString()));
        }
        return tokens;
    }
}
