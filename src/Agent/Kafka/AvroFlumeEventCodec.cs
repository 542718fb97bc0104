using System.Buffers;
using System.Text;

namespace FlumeNet.Agent.Kafka;

/// <summary>
/// Flume's on-topic event format (reference §8, <c>useFlumeEventFormat</c> / <c>parseAsFlumeEvent</c>): one bare Avro
/// binary datum of <c>AvroFlumeEvent {headers: map&lt;string,string&gt;, body: bytes}</c>, without container, fingerprint
/// or magic byte. Written as Java's direct encoder writes it (one map block, then 0; an empty map is a single 0); read
/// with any block layout the Avro spec allows (several blocks, negative counts followed by a block size).
/// </summary>
public static class AvroFlumeEventCodec
{
    public static byte[] Encode(IReadOnlyDictionary<string, string>? headers, ReadOnlySpan<byte> body)
    {
        var writer = new ArrayBufferWriter<byte>(body.Length + 16 + (headers?.Count ?? 0) * 24);
        Encode(headers, body, writer);
        return writer.WrittenSpan.ToArray();
    }

    public static void Encode(IReadOnlyDictionary<string, string>? headers, ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (headers is { Count: > 0 })
        {
            WriteLong(output, headers.Count);
            foreach (var (key, value) in headers)
            {
                WriteString(output, key);
                WriteString(output, value);
            }
        }
        WriteLong(output, 0);
        WriteLong(output, body.Length);
        body.CopyTo(output.GetSpan(body.Length));
        output.Advance(body.Length);
    }

    /// <summary>Decodes one datum; throws <see cref="FormatException"/> when the bytes are not an AvroFlumeEvent.</summary>
    public static (Dictionary<string, string>? Headers, byte[] Body) Decode(ReadOnlySpan<byte> datum)
    {
        var at = 0;
        Dictionary<string, string>? headers = null;
        while (true)
        {
            var count = ReadLong(datum, ref at);
            if (count == 0)
            {
                break;
            }
            if (count < 0)
            {
                count = -count;
                ReadLong(datum, ref at);
            }
            if (count > datum.Length)
            {
                throw new FormatException($"map block of {count} entries in a {datum.Length}-byte datum");
            }
            headers ??= new Dictionary<string, string>((int)count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var key = ReadString(datum, ref at);
                headers[key] = ReadString(datum, ref at);
            }
        }
        var body = ReadBytes(datum, ref at).ToArray();
        if (at != datum.Length)
        {
            throw new FormatException($"{datum.Length - at} bytes left after the AvroFlumeEvent datum");
        }
        return (headers, body);
    }

    private static void WriteString(IBufferWriter<byte> output, string s)
    {
        var count = Encoding.UTF8.GetByteCount(s);
        WriteLong(output, count);
        Encoding.UTF8.GetBytes(s, output.GetSpan(count));
        output.Advance(count);
    }

    private static void WriteLong(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(10);
        var n = (ulong)((value << 1) ^ (value >> 63));
        var i = 0;
        while (n >= 0x80)
        {
            span[i++] = (byte)(n | 0x80);
            n >>= 7;
        }
        span[i++] = (byte)n;
        output.Advance(i);
    }

    private static long ReadLong(ReadOnlySpan<byte> data, ref int at)
    {
        ulong n = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (at >= data.Length)
            {
                throw new FormatException("AvroFlumeEvent datum truncated inside a number");
            }
            var b = data[at++];
            n |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return (long)(n >> 1) ^ -(long)(n & 1);
            }
        }
        throw new FormatException("AvroFlumeEvent datum has a number longer than 10 bytes");
    }

    private static ReadOnlySpan<byte> ReadBytes(ReadOnlySpan<byte> data, ref int at)
    {
        var length = ReadLong(data, ref at);
        if (length < 0 || length > data.Length - at)
        {
            throw new FormatException($"AvroFlumeEvent length {length} does not fit the {data.Length - at} bytes left");
        }
        var slice = data.Slice(at, (int)length);
        at += (int)length;
        return slice;
    }

    private static string ReadString(ReadOnlySpan<byte> data, ref int at) => Encoding.UTF8.GetString(ReadBytes(data, ref at));
}
