using System.Buffers;
using System.Text;

namespace FlumeNet.Agent.AvroRpc;

/// <summary>
/// Avro binary encoding into a growable pooled buffer: zig-zag varints, length-prefixed bytes and UTF-8 strings. One
/// writer is reused per connection, so encoding a batch allocates nothing once the buffer has grown.
/// </summary>
public sealed class AvroWriter : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public AvroWriter(int initialCapacity = 8192) => _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public void Reset() => _length = 0;

    /// <summary>Reserves <paramref name="count"/> bytes at the current position (filled later) and returns their offset.</summary>
    public int Reserve(int count)
    {
        Ensure(count);
        var at = _length;
        _length += count;
        return at;
    }

    public Span<byte> At(int offset, int count) => _buffer.AsSpan(offset, count);

    public void WriteLong(long value)
    {
        Ensure(10);
        var n = (ulong)((value << 1) ^ (value >> 63));
        while (n >= 0x80)
        {
            _buffer[_length++] = (byte)(n | 0x80);
            n >>= 7;
        }
        _buffer[_length++] = (byte)n;
    }

    public void WriteInt(int value) => WriteLong(value);

    public void WriteBoolean(bool value)
    {
        Ensure(1);
        _buffer[_length++] = value ? (byte)1 : (byte)0;
    }

    public void WriteFixed(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteLong(bytes.Length);
        WriteFixed(bytes);
    }

    public void WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteLong(count);
        Ensure(count);
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int count)
    {
        if (_length + count <= _buffer.Length)
        {
            return;
        }
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
