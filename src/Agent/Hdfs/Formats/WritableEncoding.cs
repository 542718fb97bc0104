using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace FlumeNet.Agent.Hdfs.Formats;

/// <summary>Hadoop's Writable primitives (big-endian ints, <c>WritableUtils</c> VInt/VLong, <c>Text.writeString</c>).</summary>
public static class WritableEncoding
{
    /// <summary>The longest VLong: a length byte and eight value bytes.</summary>
    public const int MaxVLongSize = 9;

    /// <summary>How many bytes <see cref="WriteVLong(Span{byte}, long)"/> uses for <paramref name="value"/>.</summary>
    public static int GetVLongSize(long value)
    {
        if (value is >= -112 and <= 127)
        {
            return 1;
        }
        var magnitude = value < 0 ? ~value : value;
        return 1 + ((64 - BitOperations.LeadingZeroCount((ulong)magnitude) + 7) / 8);
    }

    /// <summary>
    /// Encodes like <c>WritableUtils.writeVLong</c>: -112..127 as one byte; otherwise a byte telling sign and length
    /// (-113..-120 for n positive bytes, -121..-128 for n bytes of the complement of a negative value), then the n
    /// significant bytes, most significant first. Returns the bytes written.
    /// </summary>
    public static int WriteVLong(Span<byte> destination, long value)
    {
        if (value is >= -112 and <= 127)
        {
            destination[0] = (byte)value;
            return 1;
        }
        var negative = value < 0;
        var magnitude = negative ? ~value : value;
        var n = (64 - BitOperations.LeadingZeroCount((ulong)magnitude) + 7) / 8;
        destination[0] = (byte)((negative ? -120 : -112) - n);
        for (var i = 0; i < n; i++)
        {
            destination[n - i] = (byte)(magnitude >> (8 * i));
        }
        return n + 1;
    }

    public static void WriteVLong(Stream output, long value)
    {
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> buffer = stackalloc byte[MaxVLongSize];
        output.Write(buffer[..WriteVLong(buffer, value)]);
    }

    public static void WriteInt32(Stream output, int value)
    {
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, value);
        output.Write(buffer);
    }

    public static void WriteInt64(Stream output, long value)
    {
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(buffer, value);
        output.Write(buffer);
    }

    public static void WriteBoolean(Stream output, bool value)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteByte(value ? (byte)1 : (byte)0);
    }

    /// <summary><c>Text.writeString</c>: VInt length of the UTF-8 bytes, then the bytes.</summary>
    public static void WriteString(Stream output, string value)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteVLong(output, bytes.Length);
        output.Write(bytes);
    }
}
