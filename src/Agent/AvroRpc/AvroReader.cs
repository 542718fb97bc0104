using System.Text;

namespace FlumeNet.Agent.AvroRpc;

/// <summary>Reads Avro binary values from a payload; malformed input throws <see cref="AvroRpcProtocolException"/>.</summary>
public ref struct AvroReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public AvroReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public long ReadLong()
    {
        ulong n = 0;
        var shift = 0;
        while (true)
        {
            if (_position >= _data.Length)
            {
                throw new AvroRpcProtocolException("truncated varint");
            }
            var b = _data[_position++];
            n |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }
            shift += 7;
            if (shift > 63)
            {
                throw new AvroRpcProtocolException("varint longer than 10 bytes");
            }
        }
        return (long)(n >> 1) ^ -(long)(n & 1);
    }

    public int ReadInt()
    {
        var v = ReadLong();
        return v is < int.MinValue or > int.MaxValue ? throw new AvroRpcProtocolException($"int out of range: {v}") : (int)v;
    }

    public bool ReadBoolean() => ReadFixed(1)[0] switch
    {
        0 => false,
        1 => true,
        var b => throw new AvroRpcProtocolException($"invalid boolean byte {b}"),
    };

    public ReadOnlySpan<byte> ReadFixed(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new AvroRpcProtocolException($"value of {count} bytes runs past the end of the message ({Remaining} left)");
        }
        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    public ReadOnlySpan<byte> ReadBytesSpan()
    {
        var length = ReadLong();
        return length is < 0 or > int.MaxValue ? throw new AvroRpcProtocolException($"invalid length {length}") : ReadFixed((int)length);
    }

    public byte[] ReadBytes() => ReadBytesSpan().ToArray();

    public string ReadString()
    {
        var span = ReadBytesSpan();
        try
        {
            return Encoding.UTF8.GetString(span);
        }
        catch (DecoderFallbackException ex)
        {
            throw new AvroRpcProtocolException("string is not UTF-8", ex);
        }
    }

    /// <summary>Reads a block count (a negative count is followed by the block's byte size, which is skipped).</summary>
    public long ReadBlockCount()
    {
        var count = ReadLong();
        if (count < 0)
        {
            ReadLong();
            count = -count;
        }
        return count;
    }

    /// <summary>Skips a <c>map&lt;bytes&gt;</c> (call metadata): FlumeNet ignores metadata, as Flume does.</summary>
    public void SkipBytesMap()
    {
        for (var count = ReadBlockCount(); count != 0; count = ReadBlockCount())
        {
            for (long i = 0; i < count; i++)
            {
                ReadBytesSpan();
                ReadBytesSpan();
            }
        }
    }
}
