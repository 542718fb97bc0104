using System.Buffers;
using System.Buffers.Binary;

namespace FlumeNet.Agent.AvroRpc;

/// <summary>
/// Reads Avro's Netty packs (reference §1.2): BE int32 serial, BE int32 buffer count, then per buffer a BE int32 length
/// and its bytes. The buffers are concatenated into one payload (their boundaries mean nothing; zero-length buffers
/// are allowed). The payload stays valid until the next read.
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
    public async ValueTask<NettyFrame?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!await FillAsync(8, atBoundary: true, cancellationToken).ConfigureAwait(false))
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
        var length = 0;
        for (var i = 0; i < count; i++)
        {
            await FillAsync(4, atBoundary: false, cancellationToken).ConfigureAwait(false);
            var part = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start));
            _start += 4;
            if (part < 0 || (long)length + part > _maxPayload)
            {
                throw new AvroRpcProtocolException($"frame buffer of {part} bytes exceeds the limit of {_maxPayload} bytes per message");
            }
            EnsurePayload(length + part);
            await ReadIntoPayloadAsync(length, part, cancellationToken).ConfigureAwait(false);
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

    private async ValueTask ReadIntoPayloadAsync(int offset, int count, CancellationToken cancellationToken)
    {
        var buffered = Math.Min(count, _end - _start);
        _buffer.AsSpan(_start, buffered).CopyTo(_payload.AsSpan(offset));
        _start += buffered;
        var done = buffered;
        while (done < count)
        {
            var n = await _stream.ReadAsync(_payload.AsMemory(offset + done, count - done), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new EndOfStreamException("connection closed inside a frame");
            }
            done += n;
        }
    }

    /// <summary>Makes <paramref name="count"/> bytes available at _start; false on EOF before the first byte of a pack.</summary>
    private async ValueTask<bool> FillAsync(int count, bool atBoundary, CancellationToken cancellationToken)
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
            var n = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
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
