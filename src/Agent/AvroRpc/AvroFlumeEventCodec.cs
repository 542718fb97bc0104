using FlumeNet.Agent.Core;
using FlumeNet.Agent.Net;

namespace FlumeNet.Agent.AvroRpc;

/// <summary>
/// Avro binary codec of Flume's <c>AvroFlumeEvent {map&lt;string&gt; headers; bytes body;}</c> (reference §1.6):
/// <c>{a:b}, "hi"</c> is <c>02 02 61 02 62 00 04 68 69</c>; no headers and no body is <c>00 00</c>.
/// Shared by every component that reads or writes this record.
/// </summary>
public static class AvroFlumeEventCodec
{
    public static void Write(AvroWriter writer, FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(e);
        if (e.HasHeaders)
        {
            var headers = e.Headers;
            writer.WriteLong(headers.Count);
            foreach (var (key, value) in headers)
            {
                writer.WriteString(key);
                writer.WriteString(value);
            }
        }
        writer.WriteLong(0);
        writer.WriteBytes(e.Body);
    }

    /// <summary>An <c>array&lt;AvroFlumeEvent&gt;</c>: one block of all events, then the 0 end marker (an empty array is <c>00</c>).</summary>
    public static void WriteArray(AvroWriter writer, IReadOnlyList<FlumeEvent> events, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(events);
        if (count > 0)
        {
            writer.WriteLong(count);
            for (var i = offset; i < offset + count; i++)
            {
                Write(writer, events[i]);
            }
        }
        writer.WriteLong(0);
    }

    public static FlumeEvent Read(ref AvroReader reader) => Read(ref reader, null);

    /// <summary>Reads one event; header strings come from <paramref name="strings"/> when their bytes repeat.</summary>
    public static FlumeEvent Read(ref AvroReader reader, Utf8StringCache? strings)
    {
        Dictionary<string, string>? headers = null;
        for (var count = reader.ReadBlockCount(); count != 0; count = reader.ReadBlockCount())
        {
            headers ??= new Dictionary<string, string>((int)Math.Min(count, 64), StringComparer.Ordinal);
            for (long i = 0; i < count; i++)
            {
                var key = strings is null ? reader.ReadString() : strings.Get(reader.ReadBytesSpan());
                headers[key] = strings is null ? reader.ReadString() : strings.Get(reader.ReadBytesSpan());
            }
        }
        return new FlumeEvent(reader.ReadBytes(), headers);
    }

    /// <summary>Reads an <c>array&lt;AvroFlumeEvent&gt;</c>, appending to <paramref name="into"/>.</summary>
    public static void ReadArray(ref AvroReader reader, List<FlumeEvent> into) => ReadArray(ref reader, into, null);

    /// <summary>Reads an <c>array&lt;AvroFlumeEvent&gt;</c>, appending to <paramref name="into"/>, header strings from <paramref name="strings"/>.</summary>
    public static void ReadArray(ref AvroReader reader, List<FlumeEvent> into, Utf8StringCache? strings)
    {
        ArgumentNullException.ThrowIfNull(into);
        for (var count = reader.ReadBlockCount(); count != 0; count = reader.ReadBlockCount())
        {
            // Each event takes at least two bytes, so a count beyond that is a corrupt or hostile message.
            if (count > reader.Remaining / 2 + 1)
            {
                throw new AvroRpcProtocolException($"array of {count} events cannot fit in {reader.Remaining} bytes");
            }
            for (long i = 0; i < count; i++)
            {
                into.Add(Read(ref reader, strings));
            }
        }
    }

    /// <summary>Encodes one event alone (a Kafka record body with <c>useFlumeEventFormat</c>, for example).</summary>
    public static byte[] Encode(FlumeEvent e)
    {
        using var writer = new AvroWriter(e?.Body.Length + 64 ?? 64);
        Write(writer, e!);
        return writer.WrittenSpan.ToArray();
    }

    public static FlumeEvent Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new AvroReader(bytes);
        var e = Read(ref reader);
        return reader.Remaining == 0 ? e : throw new AvroRpcProtocolException($"{reader.Remaining} bytes after the event");
    }
}
