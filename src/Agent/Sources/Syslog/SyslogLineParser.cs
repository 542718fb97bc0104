using System.Globalization;
using System.Text;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Sources.Syslog;

/// <summary>
/// Flume's SyslogParser (multiport_syslogtcp; reference §3.5): one line, decoded strictly in the port's charset, becomes
/// one event with <c>Priority</c>, <c>Facility</c>, <c>Severity</c>, <c>Version</c> (when <c>1␠</c>), an always-present
/// <c>timestamp</c> and <c>host</c>. A line that does not parse keeps its bytes as the body with
/// <c>flume.syslog.status = Invalid</c>. Stateless and thread-safe.
/// </summary>
public sealed class SyslogLineParser
{
    private readonly SyslogKeepFields _keep;
    private readonly TimeProvider _clock;

    public SyslogLineParser(SyslogKeepFields keep, TimeProvider? clock = null)
    {
        _keep = keep;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Parses one line (without its <c>\n</c>); <paramref name="readFailed"/> is true for Invalid results (EventReadFail).</summary>
    public FlumeEvent Parse(ReadOnlySpan<byte> line, Encoding strictCharset, bool incomplete, out bool readFailed)
    {
        readFailed = false;
        string text;
        try
        {
            text = strictCharset.GetString(line);
        }
        catch (DecoderFallbackException)
        {
            readFailed = true;
            return Invalid(line);
        }
        var headers = new Dictionary<string, string>(8, StringComparer.Ordinal);
        string? bodyText;
        try
        {
            bodyText = ParseHeaders(text, headers);
        }
        catch (FormatException)
        {
            readFailed = true;
            return Invalid(line);
        }
        if (incomplete)
        {
            headers[SyslogUtilsDecoder.StatusHeader] = "Incomplete";
        }
        var body = bodyText is null ? line.ToArray() : strictCharset.GetBytes(bodyText);
        return new FlumeEvent(body, headers);
    }

    private static FlumeEvent Invalid(ReadOnlySpan<byte> line) =>
        new(line.ToArray(), new Dictionary<string, string>(2, StringComparer.Ordinal) { [SyslogUtilsDecoder.StatusHeader] = "Invalid" });

    // Returns the body text, or null when the body is the whole line.
    private string? ParseHeaders(string msg, Dictionary<string, string> headers)
    {
        if (msg.Length == 0 || msg[0] != '<')
        {
            throw new FormatException("syslog message does not start with '<'");
        }
        var close = msg.IndexOf('>', StringComparison.Ordinal);
        if (close <= 0 || close > 6)
        {
            throw new FormatException("no '>' within the first 7 characters");
        }
        var priText = msg[1..close];
        // Integer.parseInt: an optional sign, then ASCII digits.
        if (!int.TryParse(priText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var pri) || priText.Contains(' ', StringComparison.Ordinal))
        {
            throw new FormatException($"bad priority '{priText}'");
        }
        headers["Priority"] = priText;
        headers["Facility"] = (pri / 8).ToString(CultureInfo.InvariantCulture);
        headers["Severity"] = (pri % 8).ToString(CultureInfo.InvariantCulture);
        var pos = close + 1;
        string? version = null;
        if (msg.Length > pos + 1 && msg[pos] == '1' && msg[pos + 1] == ' ')
        {
            version = "1";
            headers["Version"] = version;
            pos += 2;
        }
        if (pos >= msg.Length)
        {
            throw new FormatException("no timestamp");
        }
        string stamp;
        long millis;
        if (msg[pos] == '-')
        {
            stamp = "-";
            millis = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            pos++;
        }
        else if (char.IsUpper(msg[pos]))
        {
            if (pos + 15 > msg.Length)
            {
                throw new FormatException("short RFC 3164 timestamp");
            }
            stamp = msg.Substring(pos, 15);
            millis = SyslogTimestamps.Parser3164(stamp, _clock.GetUtcNow());
            pos += 15;
        }
        else
        {
            var end = msg.IndexOf(' ', pos);
            stamp = end < 0 ? msg[pos..] : msg[pos..end];
            millis = SyslogTimestamps.Parser5424(stamp);
            pos += stamp.Length;
        }
        headers["timestamp"] = millis.ToString(CultureInfo.InvariantCulture);
        if (pos < msg.Length && msg[pos] == ' ')
        {
            pos++;
        }
        var hostEnd = msg.IndexOf(' ', pos);
        var host = hostEnd < 0 ? msg[pos..] : msg[pos..hostEnd];
        headers["host"] = host;
        var bodyStart = hostEnd < 0 ? msg.Length : hostEnd + 1;
        if (bodyStart >= msg.Length || _keep.All)
        {
            return null;
        }
        var rest = msg[bodyStart..];
        return _keep.Any ? _keep.Prefix(priText, version, stamp, host) + rest : rest;
    }
}
