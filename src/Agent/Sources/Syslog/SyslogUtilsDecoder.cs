using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Sources.Syslog;

/// <summary>
/// Flume's SyslogUtils (syslogtcp, syslogudp; reference §3.2–§3.4): a byte state machine START → PRIO → DATA that ends a
/// message at <c>\n</c> (or the datagram's end), cuts it at <c>eventSize</c> bytes as <c>Incomplete</c>, marks a message
/// without a valid <c>&lt;PRI&gt;</c> <c>Invalid</c>, and matches the text against Flume's RFC 5424 and RFC 3164 header
/// regexes. Flume's quirks are kept: a CRLF line matches neither regex (T7), <c>priority</c>/<c>version</c> carry over
/// from the last matched message (T8), fractions of 5424 stamps are whole milliseconds in local time (T9).
/// Beyond Flume, a TCP stream may use RFC 6587 octet counting (<c>LEN SP &lt;PRI&gt;…</c>), recognised only when the digits
/// and a space are followed by <c>&lt;</c>; anything else stays Flume's Invalid message. One decoder per connection
/// (TCP) or per socket (UDP); not thread-safe.
/// </summary>
public sealed partial class SyslogUtilsDecoder
{
    public const string StatusHeader = "flume.syslog.status";
    private const int MaxCountDigits = 7;

    private readonly int _eventSize;
    private readonly SyslogKeepFields _keep;
    private readonly TimeZoneInfo _zone;
    private readonly TimeProvider _clock;
    private readonly bool _octetCounting;
    private byte[] _buf;
    private int _len;
    private Mode _mode;
    private int _prioLen;
    private bool _bad;
    private int _count;
    private int _frameRemaining = -1;
    private string? _priority;
    private string? _version;

    public SyslogUtilsDecoder(int eventSize, SyslogKeepFields keep, TimeZoneInfo? zone = null, TimeProvider? clock = null, bool octetCounting = true)
    {
        _eventSize = Math.Max(1, eventSize);
        _keep = keep;
        _zone = zone ?? TimeZoneInfo.Local;
        _clock = clock ?? TimeProvider.System;
        _octetCounting = octetCounting;
        _buf = new byte[Math.Max(16, Math.Min(_eventSize, 64 * 1024)) + 8];
    }

    private enum Mode
    {
        Start,
        Prio,
        Data,
        Count,
        CountSpace,
    }

    /// <summary>Headers added to every event (client IP and host name), or null.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? ExtraHeaders { get; set; }

    /// <summary>Messages that could not become events (an empty UDP datagram): Flume's EventReadFail.</summary>
    public long ReadFailures { get; private set; }

    /// <summary>Decodes a TCP stream chunk; complete messages are appended to <paramref name="output"/>, the rest is kept.</summary>
    public void Feed(ReadOnlySpan<byte> data, List<FlumeEvent> output)
    {
        var i = 0;
        while (i < data.Length)
        {
            var framed = _frameRemaining >= 0;
            var limit = framed ? Math.Min(data.Length, i + _frameRemaining) : data.Length;
            var consumed = Step(data[i..limit], framed, output);
            i += consumed;
            if (framed)
            {
                _frameRemaining -= consumed;
                if (_frameRemaining == 0)
                {
                    _frameRemaining = -1;
                    if (_mode != Mode.Start)
                    {
                        output.Add(Build(incomplete: false));
                    }
                }
            }
        }
    }

    /// <summary>End of the stream: a message left without its newline becomes an event (Flume drops it).</summary>
    public void Flush(List<FlumeEvent> output)
    {
        _frameRemaining = -1;
        if (_mode is Mode.Count or Mode.CountSpace)
        {
            _bad = true;
        }
        if (_mode == Mode.Prio && _prioLen == 0)
        {
            _bad = true;
        }
        if (_mode != Mode.Start)
        {
            output.Add(Build(incomplete: false));
        }
    }

    /// <summary>One UDP datagram: at most one event, up to its first newline; null (a read failure) when it holds no message.</summary>
    public FlumeEvent? DecodeDatagram(ReadOnlySpan<byte> data)
    {
        Reset();
        _frameRemaining = -1;
        var scratch = new List<FlumeEvent>(1);
        var i = 0;
        while (i < data.Length && scratch.Count == 0)
        {
            i += Step(data[i..], framed: false, scratch, datagram: true);
        }
        if (scratch.Count > 0)
        {
            Reset();
            return scratch[0];
        }
        if (_mode == Mode.Start || (!_bad && _prioLen == 0))
        {
            // Flume parses an empty priority and fails (NumberFormatException): no event.
            ReadFailures++;
            Reset();
            return null;
        }
        return Build(incomplete: false);
    }

    // Consumes bytes of one state run; returns how many.
    private int Step(ReadOnlySpan<byte> data, bool framed, List<FlumeEvent> output, bool datagram = false)
    {
        var b = data[0];
        switch (_mode)
        {
            case Mode.Start:
                if (b == '<')
                {
                    Append(b);
                    _mode = Mode.Prio;
                }
                else if (b == '\n')
                {
                    // Bare newlines between messages are skipped.
                }
                else if (_octetCounting && !framed && !datagram && b is >= (byte)'1' and <= (byte)'9')
                {
                    Append(b);
                    _count = b - '0';
                    _mode = Mode.Count;
                }
                else
                {
                    _bad = true;
                    Append(b);
                    _mode = Mode.Data;
                }
                return 1;
            case Mode.Prio:
                Append(b);
                if (b == '>')
                {
                    if (_prioLen == 0)
                    {
                        _bad = true;
                    }
                    _mode = Mode.Data;
                }
                else
                {
                    _prioLen++;
                    if (b is < (byte)'0' or > (byte)'9' || _prioLen > 3)
                    {
                        _bad = true;
                        _mode = Mode.Data;
                    }
                }
                return 1;
            case Mode.Count:
                if (b is >= (byte)'0' and <= (byte)'9' && _len < MaxCountDigits)
                {
                    Append(b);
                    _count = (_count * 10) + (b - '0');
                    return 1;
                }
                if (b == ' ')
                {
                    Append(b);
                    _mode = Mode.CountSpace;
                    return 1;
                }
                _bad = true;
                _mode = Mode.Data;
                return 0;
            case Mode.CountSpace:
                if (b == '<')
                {
                    // RFC 6587 octet counting: the next _count bytes are one message.
                    _len = 0;
                    _mode = Mode.Start;
                    _frameRemaining = _count;
                    return 0;
                }
                _bad = true;
                _mode = Mode.Data;
                return 0;
            default:
                return StepData(data, framed, output);
        }
    }

    private int StepData(ReadOnlySpan<byte> data, bool framed, List<FlumeEvent> output)
    {
        var room = _eventSize - _len;
        if (room <= 0)
        {
            output.Add(Build(incomplete: true));
            return 0;
        }
        var take = Math.Min(data.Length, room);
        var nl = framed ? -1 : data[..take].IndexOf((byte)'\n');
        if (nl >= 0)
        {
            Append(data[..nl]);
            output.Add(Build(incomplete: false));
            return nl + 1;
        }
        Append(data[..take]);
        if (_len >= _eventSize)
        {
            output.Add(Build(incomplete: true));
        }
        return take;
    }

    private void Append(byte b)
    {
        if (_len == _buf.Length)
        {
            Array.Resize(ref _buf, _buf.Length * 2);
        }
        _buf[_len++] = b;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_len + bytes.Length > _buf.Length)
        {
            Array.Resize(ref _buf, Math.Max(_buf.Length * 2, _len + bytes.Length));
        }
        bytes.CopyTo(_buf.AsSpan(_len));
        _len += bytes.Length;
    }

    private void Reset()
    {
        _len = 0;
        _prioLen = 0;
        _bad = false;
        _count = 0;
        _mode = Mode.Start;
    }

    private FlumeEvent Build(bool incomplete)
    {
        var raw = _buf.AsSpan(0, _len);
        var pri = 0;
        string? timestamp = null;
        string? host = null;
        string? body = null;
        if (!_bad)
        {
            pri = int.Parse(raw.Slice(1, _prioLen), NumberStyles.None, CultureInfo.InvariantCulture);
            body = MatchHeaders(Encoding.UTF8.GetString(raw), out timestamp, out host);
        }
        var headers = new Dictionary<string, string>(8, StringComparer.Ordinal)
        {
            ["Facility"] = (pri / 8).ToString(CultureInfo.InvariantCulture),
            ["Severity"] = (pri % 8).ToString(CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrEmpty(_priority))
        {
            headers["priority"] = _priority;
        }
        if (!string.IsNullOrEmpty(_version))
        {
            headers["version"] = _version;
        }
        if (!string.IsNullOrEmpty(timestamp))
        {
            headers["timestamp"] = timestamp;
        }
        if (!string.IsNullOrEmpty(host))
        {
            headers["host"] = host;
        }
        if (_bad)
        {
            headers[StatusHeader] = "Invalid";
        }
        else if (incomplete)
        {
            headers[StatusHeader] = "Incomplete";
        }
        if (ExtraHeaders is { } extra)
        {
            foreach (var (k, v) in extra)
            {
                headers[k] = v;
            }
        }
        var bytes = string.IsNullOrEmpty(body) ? raw.ToArray() : Encoding.UTF8.GetBytes(body);
        Reset();
        return new FlumeEvent(bytes, headers);
    }

    // Returns the body (null when no pattern matches) and sets the stale-by-design priority/version fields.
    private string? MatchHeaders(string text, out string? timestamp, out string? host)
    {
        timestamp = null;
        host = null;
        var m = Rfc5424().Match(text);
        var is5424 = m.Success;
        if (!is5424)
        {
            m = Rfc3164().Match(text);
            if (!m.Success)
            {
                return null;
            }
        }
        _priority = m.Groups[1].Value;
        _version = m.Groups[2].Success ? m.Groups[2].Value : null;
        var stamp = m.Groups[3].Success ? m.Groups[3].Value : null;
        host = m.Groups[4].Success ? m.Groups[4].Value : null;
        if (!string.IsNullOrEmpty(stamp))
        {
            var millis = is5424 ? SyslogTimestamps.Utils5424(stamp, _zone) : SyslogTimestamps.Utils3164(stamp, _clock.GetUtcNow(), _zone);
            timestamp = millis?.ToString(CultureInfo.InvariantCulture);
        }
        if (_keep.All)
        {
            return text;
        }
        var rest = m.Groups[5].Value;
        return _keep.Any ? _keep.Prefix(_priority, _version, stamp, host) + rest : rest;
    }

    // Java's \d \s \w and '.' are ASCII-only and '.' stops at \r, \u0085, \u2028, \u2029 as well as \n, so they are spelled out.
    [GeneratedRegex(@"\A<([0-9]{1,3})>(?:([0-9]?)[ \t\n\x0B\f\r]?)(?:([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?(?:[+-][0-9]{2}:[0-9]{2}|Z)?)|-)[ \t\n\x0B\f\r](?:([A-Za-z0-9_][A-Za-z0-9_.@-]*)|-)[ \t\n\x0B\f\r]([^\n\r\u0085\u2028\u2029]*)\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc5424();

    [GeneratedRegex(@"\A<([0-9]{1,3})>(?:([0-9])?[ \t\n\x0B\f\r]?)([A-Z][a-z][a-z][ \t\n\x0B\f\r]{1,2}[0-9]{1,2}[ \t\n\x0B\f\r][0-9]{2}:[0-9]{2}:[0-9]{2})[ \t\n\x0B\f\r]([A-Za-z0-9_][A-Za-z0-9_.@-]*)[ \t\n\x0B\f\r]([^\n\r\u0085\u2028\u2029]*)\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3164();
}
