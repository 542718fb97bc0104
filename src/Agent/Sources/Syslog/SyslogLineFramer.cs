namespace FlumeNet.Agent.Sources.Syslog;

/// <summary>Receives one framed message: its bytes (valid only during the call) and whether it was cut at eventSize.</summary>
public delegate void SyslogLineHandler(ReadOnlySpan<byte> line, bool incomplete);

/// <summary>
/// Splits a TCP stream into syslog lines as multiport_syslogtcp's MINA line splitter does (reference §3.2): one message per
/// <c>\n</c> (a <c>\r</c> stays in it), a line reaching <c>eventSize</c> bytes without <c>\n</c> is cut and delivered as
/// incomplete, the remainder starts the next line. Empty lines are skipped (Flume fails on them, T12). Beyond Flume, RFC 6587
/// octet counting (<c>LEN SP &lt;…</c>) is recognised at a line start when the digits and space are followed by <c>&lt;</c>.
/// One per connection; not thread-safe.
/// </summary>
public sealed class SyslogLineFramer
{
    private const int MaxCountDigits = 7;
    private readonly int _eventSize;
    private readonly bool _octetCounting;
    private byte[] _buf = new byte[4096];
    private int _len;
    private int _frameRemaining = -1;

    public SyslogLineFramer(int eventSize, bool octetCounting = true)
    {
        _eventSize = Math.Max(1, eventSize);
        _octetCounting = octetCounting;
    }

    public void Feed(ReadOnlySpan<byte> data, SyslogLineHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_len == 0)
        {
            var used = Process(data, handler, final: false);
            Stash(data[used..]);
            return;
        }
        Stash(data);
        var consumed = Process(_buf.AsSpan(0, _len), handler, final: false);
        _buf.AsSpan(consumed, _len - consumed).CopyTo(_buf);
        _len -= consumed;
    }

    /// <summary>End of the stream: a last line without its newline is still delivered.</summary>
    public void Flush(SyslogLineHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var consumed = Process(_buf.AsSpan(0, _len), handler, final: true);
        if (consumed < _len)
        {
            Emit(_buf.AsSpan(consumed, _len - consumed), false, handler);
        }
        _len = 0;
        _frameRemaining = -1;
    }

    // Delivers every complete message of data; returns the bytes consumed.
    private int Process(ReadOnlySpan<byte> data, SyslogLineHandler handler, bool final)
    {
        var pos = 0;
        while (pos < data.Length)
        {
            var rest = data[pos..];
            if (_frameRemaining >= 0)
            {
                var want = Math.Min(_frameRemaining, _eventSize);
                if (rest.Length < want)
                {
                    if (!final)
                    {
                        return pos;
                    }
                    want = rest.Length;
                }
                _frameRemaining -= want;
                Emit(rest[..want], _frameRemaining > 0, handler);
                if (_frameRemaining == 0)
                {
                    _frameRemaining = -1;
                }
                pos += want;
                continue;
            }
            if (_octetCounting && rest[0] is >= (byte)'1' and <= (byte)'9')
            {
                var header = CountHeader(rest, out var count);
                if (header == 0 && !final)
                {
                    return pos;
                }
                if (header > 0)
                {
                    _frameRemaining = count;
                    pos += header;
                    continue;
                }
            }
            var window = rest[..Math.Min(rest.Length, _eventSize)];
            var nl = window.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                Emit(rest[..nl], false, handler);
                pos += nl + 1;
            }
            else if (window.Length == _eventSize)
            {
                Emit(window, true, handler);
                pos += window.Length;
            }
            else
            {
                return pos;
            }
        }
        return pos;
    }

    // Length of a "LEN SP" header followed by '<' (and the count), -1 when it is not one, 0 when more bytes are needed.
    private static int CountHeader(ReadOnlySpan<byte> s, out int count)
    {
        count = 0;
        var i = 0;
        while (i < s.Length && i < MaxCountDigits && s[i] is >= (byte)'0' and <= (byte)'9')
        {
            count = (count * 10) + (s[i] - '0');
            i++;
        }
        if (i == s.Length || (i + 1 == s.Length && s[i] == ' '))
        {
            return i < MaxCountDigits ? 0 : -1;
        }
        return s[i] == ' ' && s[i + 1] == '<' ? i + 1 : -1;
    }

    private static void Emit(ReadOnlySpan<byte> line, bool incomplete, SyslogLineHandler handler)
    {
        if (line.Length > 0)
        {
            handler(line, incomplete);
        }
    }

    private void Stash(ReadOnlySpan<byte> data)
    {
        if (_len + data.Length > _buf.Length)
        {
            Array.Resize(ref _buf, Math.Max(_buf.Length * 2, _len + data.Length));
        }
        data.CopyTo(_buf.AsSpan(_len));
        _len += data.Length;
    }
}
