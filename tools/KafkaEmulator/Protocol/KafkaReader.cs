using System.Buffers.Binary;
using System.Text;

namespace FlumeNet.Tools.KafkaEmulator.Protocol;

/// <summary>Reads the big-endian primitives of the (non-flexible) Kafka protocol from one request body.</summary>
internal sealed class KafkaReader
{
    private readonly byte[] _buffer;
    private readonly int _end;

    public KafkaReader(byte[] buffer, int offset, int length)
    {
        _buffer = buffer;
        Position = offset;
        _end = offset + length;
    }

    public int Position { get; private set; }

    public int Remaining => _end - Position;

    public sbyte Int8() => (sbyte)Take(1)[0];

    public bool Bool() => Take(1)[0] != 0;

    public short Int16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    public int Int32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long Int64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public string String() => NullableString() ?? throw new ProtocolException("null where a string is required");

    public string? NullableString()
    {
        var length = Int16();
        if (length < 0)
        {
            return null;
        }
        return Encoding.UTF8.GetString(Take(length));
    }

    /// <summary>Bytes with an int32 length; returns the segment inside the request buffer (no copy), null for -1.</summary>
    public ArraySegment<byte>? NullableBytes()
    {
        var length = Int32();
        if (length < 0)
        {
            return null;
        }
        var start = Position;
        Take(length);
        return new ArraySegment<byte>(_buffer, start, length);
    }

    public byte[] Bytes() => (NullableBytes() ?? ArraySegment<byte>.Empty).ToArray();

    /// <summary>An array length; -1 (null) is returned as -1.</summary>
    public int ArrayLength()
    {
        var n = Int32();
        if (n > Remaining)
        {
            throw new ProtocolException($"array length {n} exceeds the {Remaining} bytes left");
        }
        return n;
    }

    public List<T> Array<T>(Func<KafkaReader, T> item)
    {
        var n = ArrayLength();
        var list = new List<T>(Math.Max(n, 0));
        for (var i = 0; i < n; i++)
        {
            list.Add(item(this));
        }
        return list;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || Position + count > _end)
        {
            throw new ProtocolException($"request truncated: needed {count} bytes at {Position}, {Remaining} left");
        }
        var span = new ReadOnlySpan<byte>(_buffer, Position, count);
        Position += count;
        return span;
    }
}

internal sealed class ProtocolException(string message) : Exception(message);
