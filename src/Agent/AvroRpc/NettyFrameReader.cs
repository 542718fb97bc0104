using System.Buffers;
using System.Buffers.Binary;

namespace FlumeNet.Agent.AvroRpc;

/// <summary>
/// Reads Avro's Netty packs (reference §1.2): BE int32 serial, BE int32 buffer count, then per buffer a BE int32 length
/// and its bytes. The buffers are concatenated into one payload (their boundaries mean nothing; zero-length buffers
/// are allowed). The payload (often a slice of the read buffer) stays valid until the next read. Reads block: each connection has its own thread, so a
/// request costs one wake-up from the kernel rather than hops through the socket engine and the thread pool.
/// </summary>
public sealed class NettyFrameReader : IDisposable
{
    /// <summary>Default cap on one message's payload: far above any sane batch, low enough to refuse a hostile length.</summary>
    public const int DefaultMaxPayload = 512 * 1024 * 1024;
    private const int MaxBuffers = 1 << 20;
    private readonly Stream _stream;
    private readonly int _maxPayload;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private byte[] _payload;

    public NettyFrameReader(Stream stream, int maxPayload = DefaultMaxPayload)
    {
        _stream = stream;
        _maxPayload = maxPayload;
        _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        _payload = ArrayPool<byte>.Shared.Rent(64 * 1024);
    }

    /// <summary>The next pack, or null when the peer closed the connection between packs.</summary>
    /// <exception cref="EndOfStreamException">The connection ended inside a pack.</exception>
    /// <exception cref="AvroRpcProtocolException">A count or length is negative or beyond the limits.</exception>
    public NettyFrame? Read()
    {
        if (!Fill(8, atBoundary: true))
        {
            return null;
        }
        var serial = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start));
        var count = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start + 4));
        _start += 8;
        if (count is < 0 or > MaxBuffers)
        {
            throw new AvroRpcProtocolException($"frame announces {count} buffers");
        }
        if (count == 1 && _end - _start >= 4)
        {
            // The usual pack: one buffer. When it is buffered whole, hand it out in place instead of copying it.
            var single = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start));
            if (single >= 0 && single <= _maxPayload && _end - _start - 4 >= single)
            {
                _start += 4;
                var payload = _buffer.AsMemory(_start, single);
                _start += single;
                return new NettyFrame(serial, payload);
            }
        }
        var length = 0;
        for (var i = 0; i < count; i++)
        {
            Fill(4, atBoundary: false);
            var part = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start));
            _start += 4;
            if (part < 0 || (long)length + part > _maxPayload)
            {
                throw new AvroRpcProtocolException($"frame buffer of {part} bytes exceeds the limit of {_maxPayload} bytes per message");
            }
            EnsurePayload(length + part);
            ReadIntoPayload(length, part);
            length += part;
        }
        return new NettyFrame(serial, _payload.AsMemory(0, length));
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        ArrayPool<byte>.Shared.Return(_payload);
        _buffer = _payload = [];
    }

    private void EnsurePayload(int size)
    {
        if (size <= _payload.Length)
        {
            return;
        }
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(size, _payload.Length * 2));
        _payload.AsSpan().CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_payload);
        _payload = bigger;
    }

    private void ReadIntoPayload(int offset, int count)
    {
        var buffered = Math.Min(count, _end - _start);
        _buffer.AsSpan(_start, buffered).CopyTo(_payload.AsSpan(offset));
        _start += buffered;
        var done = buffered;
        while (done < count)
        {
            var n = _stream.Read(_payload.AsSpan(offset + done, count - done));
            if (n == 0)
            {
                throw new EndOfStreamException("connection closed inside a frame");
            }
            done += n;
        }
    }

    /// <summary>Makes <paramref name="count"/> bytes available at _start; false on EOF before the first byte of a pack.</summary>
    private bool Fill(int count, bool atBoundary)
    {
        if (_end - _start >= count)
        {
            return true;
        }
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        while (_end < count)
        {
            var n = _stream.Read(_buffer.AsSpan(_end));
            if (n == 0)
            {
                if (atBoundary && _end == 0)
                {
                    return false;
                }
                throw new EndOfStreamException("connection closed inside a frame");
            }
            _end += n;
        }
        return true;
    }
}

/// <summary>One decoded pack: the serial to echo and the concatenated payload (owned by the reader).</summary>
public readonly record struct NettyFrame(int Serial, ReadOnlyMemory<byte> Payload);
