using System.Buffers.Binary;
using System.Text;

namespace FlumeNet.Tools.KafkaEmulator.Protocol;

/// <summary>Builds one response frame: a 4-byte size prefix, filled in by <see cref="Finish"/>, then big-endian fields.</summary>
internal sealed class KafkaWriter
{
    private byte[] _buffer = new byte[256];

    public KafkaWriter()
    {
        Length = 4;
    }

    public int Length { get; private set; }

    public KafkaWriter Int8(sbyte v)
    {
        Reserve(1)[0] = (byte)v;
        return this;
    }

    public KafkaWriter Bool(bool v) => Int8(v ? (sbyte)1 : (sbyte)0);

    public KafkaWriter Int16(short v)
    {
        BinaryPrimitives.WriteInt16BigEndian(Reserve(2), v);
        return this;
    }

    public KafkaWriter Int32(int v)
    {
        BinaryPrimitives.WriteInt32BigEndian(Reserve(4), v);
        return this;
    }

    public KafkaWriter Int64(long v)
    {
        BinaryPrimitives.WriteInt64BigEndian(Reserve(8), v);
        return this;
    }

    public KafkaWriter String(string? v)
    {
        if (v is null)
        {
            return Int16(-1);
        }
        var count = Encoding.UTF8.GetByteCount(v);
        Int16((short)count);
        Encoding.UTF8.GetBytes(v, Reserve(count));
        return this;
    }

    public KafkaWriter Bytes(ReadOnlySpan<byte> v)
    {
        Int32(v.Length);
        v.CopyTo(Reserve(v.Length));
        return this;
    }

    public KafkaWriter NullBytes() => Int32(-1);

    public KafkaWriter Raw(ReadOnlySpan<byte> v)
    {
        v.CopyTo(Reserve(v.Length));
        return this;
    }

    /// <summary>Reserves an int32 slot to be patched later (e.g. the size of a records field).</summary>
    public int Placeholder()
    {
        var at = Length;
        Reserve(4);
        return at;
    }

    public void Patch(int at, int value) => BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(at, 4), value);

    public KafkaWriter Array<T>(IReadOnlyCollection<T> items, Action<KafkaWriter, T> write)
    {
        Int32(items.Count);
        foreach (var item in items)
        {
            write(this, item);
        }
        return this;
    }

    public ReadOnlyMemory<byte> Finish()
    {
        Patch(0, Length - 4);
        return _buffer.AsMemory(0, Length);
    }

    private Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length)
        {
            System.Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }
        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
