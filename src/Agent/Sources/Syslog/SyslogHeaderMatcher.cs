namespace FlumeNet.Agent.Sources.Syslog;

/// <summary>Where the parts of a matched syslog line are, as byte offsets into the line (length 0 / -1 start = absent).</summary>
internal struct SyslogMatch
{
    public bool Is5424;
    public int VersionStart;
    public int VersionLength;
    public int StampStart;
    public int StampLength;
    public int HostStart;
    public int HostLength;
    public int RestStart;
}

/// <summary>
/// Flume's SyslogUtils header regexes (RFC 5424 first, then RFC 3164; reference §3.3) evaluated on the line's bytes
/// without a regex engine: every alternative the Java regex could backtrack into is tried in the same order, and Java's
/// ASCII-only <c>\d \s \w</c> and its <c>.</c> (which stops at <c>\r</c>, U+0085, U+2028, U+2029) are applied to UTF-8 bytes,
/// where they give the same answer as on the decoded text. Tests cross-check it against the regexes themselves.
/// </summary>
internal static class SyslogHeaderMatcher
{
    /// <param name="line">The whole message from <c>&lt;</c>.</param>
    /// <param name="afterPri">Offset just after <c>&gt;</c>.</param>
    public static bool TryMatch(ReadOnlySpan<byte> line, int afterPri, out SyslogMatch m)
    {
        m = default;
        // The body group ends the pattern and stops at line terminators, so a terminator may only be consumed as a
        // separator (\r and \n are \s) before the body starts (T7).
        var lastTerminator = LastTerminator(line);
        for (var alt = 0; alt < 4; alt++)
        {
            if (Prefix(line, afterPri, alt, out var p, out var vLen) && Rest5424(line, p, ref m) && m.RestStart > lastTerminator)
            {
                m.Is5424 = true;
                m.VersionStart = afterPri;
                m.VersionLength = vLen;
                return true;
            }
        }
        for (var alt = 0; alt < 4; alt++)
        {
            if (Prefix(line, afterPri, alt, out var p, out var vLen) && Rest3164(line, p, ref m) && m.RestStart > lastTerminator)
            {
                m.Is5424 = false;
                m.VersionStart = afterPri;
                m.VersionLength = vLen;
                return true;
            }
        }
        return false;
    }

    // (?:([0-9]?)\s?) tried as: digit+space, digit, space, nothing; an alternative that equals an earlier one is skipped.
    private static bool Prefix(ReadOnlySpan<byte> s, int p, int alt, out int next, out int versionLength)
    {
        var takeDigit = alt < 2;
        var takeSpace = alt % 2 == 0;
        versionLength = 0;
        next = p;
        if (takeDigit)
        {
            if (next >= s.Length || !IsDigit(s[next]))
            {
                return false;
            }
            next++;
            versionLength = 1;
        }
        if (takeSpace)
        {
            if (next >= s.Length || !IsSpace(s[next]))
            {
                return false;
            }
            next++;
        }
        return true;
    }

    private static bool Rest5424(ReadOnlySpan<byte> s, int p, ref SyslogMatch m)
    {
        if (p < s.Length && s[p] == '-')
        {
            m.StampStart = p;
            m.StampLength = 0;
            p++;
        }
        else
        {
            var start = p;
            if (!Digits(s, p, 4) || !At(s, p + 4, '-') || !Digits(s, p + 5, 2) || !At(s, p + 7, '-') || !Digits(s, p + 8, 2) || !At(s, p + 10, 'T')
                || !Digits(s, p + 11, 2) || !At(s, p + 13, ':') || !Digits(s, p + 14, 2) || !At(s, p + 16, ':') || !Digits(s, p + 17, 2))
            {
                return false;
            }
            p += 19;
            if (At(s, p, '.') && p + 1 < s.Length && IsDigit(s[p + 1]))
            {
                p++;
                var d = 0;
                while (d < 6 && p < s.Length && IsDigit(s[p]))
                {
                    p++;
                    d++;
                }
            }
            if (p < s.Length && (s[p] == '+' || s[p] == '-') && Digits(s, p + 1, 2) && At(s, p + 3, ':') && Digits(s, p + 4, 2))
            {
                p += 6;
            }
            else if (At(s, p, 'Z'))
            {
                p++;
            }
            m.StampStart = start;
            m.StampLength = p - start;
        }
        if (!Space(s, ref p))
        {
            return false;
        }
        if (p < s.Length && IsWord(s[p]))
        {
            m.HostStart = p;
            p = HostEnd(s, p);
            m.HostLength = p - m.HostStart;
        }
        else if (At(s, p, '-'))
        {
            m.HostStart = p;
            m.HostLength = 0;
            p++;
        }
        else
        {
            return false;
        }
        if (!Space(s, ref p))
        {
            return false;
        }
        m.RestStart = p;
        return true;
    }

    private static bool Rest3164(ReadOnlySpan<byte> s, int p, ref SyslogMatch m)
    {
        var start = p;
        if (p + 3 > s.Length || s[p] is < (byte)'A' or > (byte)'Z' || s[p + 1] is < (byte)'a' or > (byte)'z' || s[p + 2] is < (byte)'a' or > (byte)'z')
        {
            return false;
        }
        p += 3;
        if (!Space(s, ref p))
        {
            return false;
        }
        if (p < s.Length && IsSpace(s[p]))
        {
            p++;
        }
        if (p >= s.Length || !IsDigit(s[p]))
        {
            return false;
        }
        p++;
        if (p < s.Length && IsDigit(s[p]))
        {
            p++;
        }
        if (!Space(s, ref p) || !Digits(s, p, 2) || !At(s, p + 2, ':') || !Digits(s, p + 3, 2) || !At(s, p + 5, ':') || !Digits(s, p + 6, 2))
        {
            return false;
        }
        p += 8;
        m.StampStart = start;
        m.StampLength = p - start;
        if (!Space(s, ref p) || p >= s.Length || !IsWord(s[p]))
        {
            return false;
        }
        m.HostStart = p;
        p = HostEnd(s, p);
        m.HostLength = p - m.HostStart;
        if (!Space(s, ref p))
        {
            return false;
        }
        m.RestStart = p;
        return true;
    }

    private static int HostEnd(ReadOnlySpan<byte> s, int p)
    {
        p++;
        while (p < s.Length && (IsWord(s[p]) || s[p] is (byte)'.' or (byte)'@' or (byte)'-'))
        {
            p++;
        }
        return p;
    }

    // The last \n, \r, U+0085 (C2 85), U+2028 (E2 80 A8) or U+2029 (E2 80 A9) in the line; -1 when there is none.
    private static int LastTerminator(ReadOnlySpan<byte> s)
    {
        var last = s.LastIndexOfAny((byte)'\r', (byte)'\n');
        if (s.IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0)
        {
            return last;
        }
        last = Math.Max(last, s.LastIndexOf([(byte)0xC2, (byte)0x85]));
        last = Math.Max(last, s.LastIndexOf([(byte)0xE2, (byte)0x80, (byte)0xA8]));
        return Math.Max(last, s.LastIndexOf([(byte)0xE2, (byte)0x80, (byte)0xA9]));
    }

    private static bool Space(ReadOnlySpan<byte> s, ref int p)
    {
        if (p < s.Length && IsSpace(s[p]))
        {
            p++;
            return true;
        }
        return false;
    }

    private static bool At(ReadOnlySpan<byte> s, int p, char c) => p < s.Length && s[p] == c;

    private static bool Digits(ReadOnlySpan<byte> s, int p, int n)
    {
        if (p + n > s.Length)
        {
            return false;
        }
        for (var i = p; i < p + n; i++)
        {
            if (!IsDigit(s[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    // Java's \s: space, \t, \n, \x0B, \f, \r.
    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or 0x0B or (byte)'\f' or (byte)'\r';

    // Java's \w: [a-zA-Z_0-9].
    private static bool IsWord(byte b) => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'_';
}
