using System.Globalization;
using System.Text;
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
public sealed class SyslogUtilsDecoder
{
    public const string StatusHeader = "flume.syslog.status";

    private static readonly string[] Numbers = [.. Enumerable.Range(0, 1000).Select(i => i.ToString(CultureInfo.InvariantCulture))];
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
    private byte[]? _lastHostBytes;
    private string? _lastHost;
    private byte[]? _lastStampBytes;
    private bool _lastStampIs5424;
    private long _lastStampMinute;
    private string? _lastStampMillis;
    private DateTimeOffset _now;

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
        // One clock reading per chunk, not per message: the messages of one read arrived together, and the clock
        // read per message cost about 7 % of the source's CPU.
        _now = _clock.GetUtcNow();
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
        _now = _clock.GetUtcNow();
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
        _now = _clock.GetUtcNow();
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
        byte[]? body = null;
        if (!_bad)
        {
            var digits = raw.Slice(1, _prioLen);
            pri = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            body = MatchHeaders(raw, digits, pri, out timestamp, out host);
        }
        var count = 2 + (string.IsNullOrEmpty(_priority) ? 0 : 1) + (string.IsNullOrEmpty(_version) ? 0 : 1) + (timestamp is null ? 0 : 1)
            + (host is null ? 0 : 1) + (_bad || incomplete ? 1 : 0) + (ExtraHeaders?.Count ?? 0);
        var headers = new Dictionary<string, string>(count, StringComparer.Ordinal)
        {
            ["Facility"] = Numbers[pri / 8],
            ["Severity"] = Numbers[pri % 8],
        };
        if (!string.IsNullOrEmpty(_priority))
        {
            headers["priority"] = _priority;
        }
        if (!string.IsNullOrEmpty(_version))
        {
            headers["version"] = _version;
        }
        if (timestamp is not null)
        {
            headers["timestamp"] = timestamp;
        }
        if (host is not null)
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
        var bytes = body is { Length: > 0 } ? body : raw.ToArray();
        Reset();
        return new FlumeEvent(bytes, headers);
    }

    // Returns the body (null when no pattern matches) and sets the stale-by-design priority/version fields.
    private byte[]? MatchHeaders(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> digits, int pri, out string? timestamp, out string? host)
    {
        timestamp = null;
        host = null;
        if (!SyslogHeaderMatcher.TryMatch(raw, _prioLen + 2, out var m))
        {
            return null;
        }
        _priority = digits.Length > 1 && digits[0] == '0' ? Encoding.ASCII.GetString(digits) : Numbers[pri];
        _version = m.VersionLength > 0 ? Numbers[raw[m.VersionStart] - '0'] : null;
        if (m.StampLength > 0)
        {
            timestamp = Timestamp(raw.Slice(m.StampStart, m.StampLength), m.Is5424);
        }
        if (m.HostLength > 0)
        {
            host = Host(raw.Slice(m.HostStart, m.HostLength));
        }
        if (_keep.All)
        {
            return Utf8Bytes(raw);
        }
        var rest = raw[m.RestStart..];
        if (!_keep.Any)
        {
            return Utf8Bytes(rest);
        }
        var stamp = m.StampLength > 0 ? Encoding.ASCII.GetString(raw.Slice(m.StampStart, m.StampLength)) : null;
        return Encoding.UTF8.GetBytes(_keep.Prefix(_priority, _version, stamp, host) + Encoding.UTF8.GetString(rest));
    }

    // Java decodes the line and re-encodes the body, so malformed UTF-8 becomes U+FFFD.
    private static byte[] Utf8Bytes(ReadOnlySpan<byte> s) =>
        System.Text.Unicode.Utf8.IsValid(s) ? s.ToArray() : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(s));

    private string Host(ReadOnlySpan<byte> h)
    {
        if (_lastHost is null || !h.SequenceEqual(_lastHostBytes))
        {
            _lastHostBytes = h.ToArray();
            _lastHost = Encoding.ASCII.GetString(h);
        }
        return _lastHost;
    }

    // Streams repeat the same stamp for many messages: the last conversion is reused (3164 results for a minute only,
    // since the year rule depends on the clock).
    private string? Timestamp(ReadOnlySpan<byte> stamp, bool is5424)
    {
        var minute = is5424 ? 0 : _now.ToUnixTimeSeconds() / 60;
        if (_lastStampBytes is not null && _lastStampIs5424 == is5424 && _lastStampMinute == minute && stamp.SequenceEqual(_lastStampBytes))
        {
            return _lastStampMillis;
        }
        var text = Encoding.ASCII.GetString(stamp);
        var millis = is5424 ? SyslogTimestamps.Utils5424(text, _zone) : SyslogTimestamps.Utils3164(text, _now, _zone);
        _lastStampBytes = stamp.ToArray();
        _lastStampIs5424 = is5424;
        _lastStampMinute = minute;
        _lastStampMillis = millis?.ToString(CultureInfo.InvariantCulture);
        return _lastStampMillis;
    }
}
