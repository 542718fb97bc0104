using System.Globalization;

namespace FlumeNet.ConfigParser.JavaCompat;

/// <summary>Java's <c>Long.parseLong(s)</c>, which Flume applies to the <c>timestamp</c> header.</summary>
public static class JavaLong
{
    /// <summary>
    /// Optional <c>+</c>/<c>-</c>, then one or more decimal digits, nothing else, within the long range. Like Java, any
    /// Unicode decimal digit counts (<c>١٢٣</c> is 123); spaces, <c>_</c>, decimals and exponents do not.
    /// </summary>
    public static bool TryParse(string s, out long value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            i = 1;
        }
        if (i == s.Length)
        {
            return false;
        }
        // Accumulate negatively so long.MinValue parses without overflow, as Java does.
        long result = 0;
        const long MinDiv10 = long.MinValue / 10;
        for (; i < s.Length; i++)
        {
            // Java's Character.digit(c, 10): category Nd only (so not superscripts such as '²').
            var c = s[i];
            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsDigit(c) ? CharUnicodeInfo.GetDecimalDigitValue(c) : -1;
            if (digit < 0 || result < MinDiv10)
            {
                return false;
            }
            result *= 10;
            if (result < long.MinValue + digit)
            {
                return false;
            }
            result -= digit;
        }
        if (!negative)
        {
            if (result == long.MinValue)
            {
                return false;
            }
            result = -result;
        }
        value = result;
        return true;
    }
}
