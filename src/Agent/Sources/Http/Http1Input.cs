using System.Buffers;
using System.Globalization;
using System.Text;

namespace FlumeNet.Agent.Sources.Http;

/// <summary>A request the connection cannot parse: answered with <see cref="Status"/> and the connection closed.</summary>
internal sealed class Http1FormatException(int status, string message) : IOException(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// The buffered input of one HTTP/1.1 connection: request heads (up to <see cref="MaxHeadBytes"/>, as Kestrel's default),
/// CRLF lines of the chunked framing, and raw body bytes. Blocking reads (the connection has its own thread); a read timeout
/// of the socket surfaces as an <see cref="IOException"/>. Not thread-safe.
/// </summary>
internal sealed class Http1Input : IDisposable
{
    public const int MaxHeadBytes = 32 * 1024;
    private const int MaxLineBytes = 4096;
    private readonly Stream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _start;
    private int _end;

    public Http1Input(Stream stream) => _stream = stream;

    /// <summary>The next request head (request line and header lines, Latin-1), or null when the client closed between requests.</summary>
    public string? ReadHead()
    {
        while (true)
        {
            // Empty lines before a request line are allowed (RFC 9112 §2.2).
            while (_start < _end && _buffer[_start] is (byte)'\r' or (byte)'\n')
            {
                _start++;
            }
            var pending = _buffer.AsSpan(_start, _end - _start);
            var crlf = pending.IndexOf("\r\n\r\n"u8);
            var lf = crlf < 0 ? pending.IndexOf("\n\n"u8) : -1;
            if (crlf >= 0 || lf >= 0)
            {
                var length = crlf >= 0 ? crlf : lf;
                if (length > MaxHeadBytes)
                {
                    throw new Http1FormatException(431, "the request head exceeds 32 KB");
                }
                var head = Encoding.Latin1.GetString(pending[..length]);
                _start += length + (crlf >= 0 ? 4 : 2);
                return head;
            }
            if (pending.Length >= MaxHeadBytes)
            {
                throw new Http1FormatException(431, "the request head exceeds 32 KB");
            }
            if (Fill() == 0)
            {
                if (_start == _end)
                {
                    return null;
                }
                throw new EndOfStreamException("the client closed the connection inside a request head");
            }
        }
    }

    /// <summary>One CRLF- (or LF-) terminated line, without its terminator.</summary>
    public string ReadLine()
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var nl = pending.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                var line = pending[..nl];
                if (!line.IsEmpty && line[^1] == '\r')
                {
                    line = line[..^1];
                }
                var text = Encoding.Latin1.GetString(line);
                _start += nl + 1;
                return text;
            }
            if (pending.Length >= MaxLineBytes)
            {
                throw new Http1FormatException(400, "a chunk size or trailer line exceeds 4 KB");
            }
            if (Fill() == 0)
            {
                throw new EndOfStreamException("the client closed the connection inside a chunked body");
            }
        }
    }

    /// <summary>Up to <c>destination.Length</c> bytes, buffered ones first; 0 at the end of the stream.</summary>
    public int Read(Span<byte> destination)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }
        if (_start < _end)
        {
            var n = Math.Min(destination.Length, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(destination);
            _start += n;
            return n;
        }
        // Large reads go straight into the caller's buffer: the body of a batch is copied once.
        if (destination.Length >= _buffer.Length / 4)
        {
            return _stream.Read(destination);
        }
        if (Fill() == 0)
        {
            return 0;
        }
        return Read(destination);
    }

    public void Dispose()
    {
        var b = _buffer;
        _buffer = [];
        if (b.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(b);
        }
    }

    private int Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        var n = _stream.Read(_buffer.AsSpan(_end));
        _end += n;
        return n;
    }
}

/// <summary>One request's body on an <see cref="Http1Input"/>: exactly Content-Length bytes, or a chunked body de-chunked.</summary>
internal sealed class Http1BodyReader
{
    private readonly Http1Input _input;
    private readonly bool _chunked;
    private long _remaining;
    private bool _done;

    /// <param name="length">The Content-Length, or null for a chunked body.</param>
    public Http1BodyReader(Http1Input input, long? length)
    {
        _input = input;
        _chunked = length is null;
        _remaining = length ?? 0;
        _done = length == 0;
    }

    /// <summary>True once the whole body (and a chunked body's trailers) was read.</summary>
    public bool Done => _done;

    public int Read(Span<byte> destination)
    {
        if (_done || destination.IsEmpty)
        {
            return 0;
        }
        if (_chunked && _remaining == 0)
        {
            _remaining = ChunkSize(_input.ReadLine());
            if (_remaining == 0)
            {
                while (_input.ReadLine().Length > 0)
                {
                    // Trailer fields are ignored.
                }
                _done = true;
                return 0;
            }
        }
        var n = _input.Read(destination[..(int)Math.Min(destination.Length, _remaining)]);
        if (n == 0)
        {
            throw new EndOfStreamException("the client closed the connection inside a request body");
        }
        _remaining -= n;
        if (_remaining == 0)
        {
            if (!_chunked)
            {
                _done = true;
            }
            else if (_input.ReadLine().Length != 0)
            {
                throw new Http1FormatException(400, "a chunk is not followed by CRLF");
            }
        }
        return n;
    }

    /// <summary>Reads and discards the rest of the body, so the next request can be read.</summary>
    public void Drain()
    {
        var scratch = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (Read(scratch) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static long ChunkSize(string line)
    {
        var semi = line.IndexOf(';', StringComparison.Ordinal);
        var hex = (semi < 0 ? line : line[..semi]).Trim();
        if (hex.Length is 0 or > 15 || !long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
        {
            throw new Http1FormatException(400, "invalid chunk size");
        }
        return size;
    }
}
