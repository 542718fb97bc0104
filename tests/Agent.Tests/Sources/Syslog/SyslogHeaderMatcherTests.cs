using System.Text;
using System.Text.RegularExpressions;
using FlumeNet.Agent.Sources.Syslog;

namespace FlumeNet.Agent.Tests.Sources.Syslog;

/// <summary>
/// The byte matcher against Flume's SyslogUtils regexes (written from the reference, with Java's ASCII \d \s \w and its
/// '.' spelled out) on thousands of generated lines: both must agree on whether a line matches and on every group.
/// </summary>
public sealed partial class SyslogHeaderMatcherTests
{
    private static readonly string[] Pieces =
    [
        "<13>", "<165>", "<0>", "1", "1 ", " ", "  ", "\t", "\r", "\n", "-", "- ", "2003-10-11T22:14:15", ".003", ".5", ".1234567", "Z", "+07:00", "-0700",
        "Oct", "Oct 11", "Oct  1", " 22:14:15", "22:14:15", "host", "my.host-1@x", "_h", "!bad", "app", " msg", "é", "\u0085", "\u2028", "x", "12",
    ];

    [Fact]
    public void AgreesWithTheRegexes_OnGeneratedLines()
    {
        var rng = new Random(17);
        var checkedLines = 0;
        var matched = 0;
        foreach (var line in Templates().Concat(Enumerable.Range(0, 20000).Select(_ => Generate(rng))))
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            var close = line.IndexOf('>', StringComparison.Ordinal);
            if (!line.StartsWith('<') || close < 2)
            {
                continue;
            }
            checkedLines++;
            var ours = SyslogHeaderMatcher.TryMatch(bytes, Encoding.UTF8.GetByteCount(line[..(close + 1)]), out var m);
            var r5424 = Rfc5424().Match(line);
            var r = r5424.Success ? r5424 : Rfc3164().Match(line);
            Assert.True(r.Success == ours, $"'{Escape(line)}': regex {r.Success}, matcher {ours}");
            if (!ours)
            {
                continue;
            }
            matched++;
            Assert.Equal(r5424.Success, m.Is5424);
            Assert.Equal(r.Groups[2].Success ? r.Groups[2].Value : "", Text(bytes, m.VersionStart, m.VersionLength));
            Assert.Equal(r.Groups[3].Success ? r.Groups[3].Value : "", Text(bytes, m.StampStart, m.StampLength));
            Assert.Equal(r.Groups[4].Success ? r.Groups[4].Value : "", Text(bytes, m.HostStart, m.HostLength));
            Assert.Equal(r.Groups[5].Value, Encoding.UTF8.GetString(bytes.AsSpan(m.RestStart)));
        }
        Assert.True(checkedLines > 5000 && matched > 200, $"{checkedLines} lines checked, {matched} matched");
    }

    private static IEnumerable<string> Templates() =>
    [
        "<34>Oct 11 22:14:15 mymachine su: 'su root' failed",
        "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [x@1 a=\"b\"] msg",
        "<165>1 2003-10-11T22:14:15-07:00 host app - - - m",
        "<165>1 - - app - - - nostamp",
        "<13>Oct 11 22:14:15 host crlf\r",
        "<13>2003-10-11T22:14:15Z h x",
        "<13>1\r2003-10-11T22:14:15Z\rh\rx",
        "<13>Oct  1 22:14:15 h x",
        "<13>1 Oct 11 22:14:15 h x",
    ];

    private static string Generate(Random rng)
    {
        var sb = new StringBuilder(rng.Next(2) == 0 ? "<13>" : "<165>");
        var n = rng.Next(2, 9);
        for (var i = 0; i < n; i++)
        {
            sb.Append(Pieces[rng.Next(Pieces.Length)]);
            if (rng.Next(3) == 0)
            {
                sb.Append(' ');
            }
        }
        return sb.ToString();
    }

    private static string Text(byte[] b, int start, int length) => length == 0 ? "" : Encoding.UTF8.GetString(b, start, length);

    private static string Escape(string s) => s.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    [GeneratedRegex(@"\A<([0-9]{1,3})>(?:([0-9]?)[ \t\n\x0B\f\r]?)(?:([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?(?:[+-][0-9]{2}:[0-9]{2}|Z)?)|-)[ \t\n\x0B\f\r](?:([A-Za-z0-9_][A-Za-z0-9_.@-]*)|-)[ \t\n\x0B\f\r]([^\n\r\u0085\u2028\u2029]*)\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc5424();

    [GeneratedRegex(@"\A<([0-9]{1,3})>(?:([0-9])?[ \t\n\x0B\f\r]?)([A-Z][a-z][a-z][ \t\n\x0B\f\r]{1,2}[0-9]{1,2}[ \t\n\x0B\f\r][0-9]{2}:[0-9]{2}:[0-9]{2})[ \t\n\x0B\f\r]([A-Za-z0-9_][A-Za-z0-9_.@-]*)[ \t\n\x0B\f\r]([^\n\r\u0085\u2028\u2029]*)\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3164();
}
