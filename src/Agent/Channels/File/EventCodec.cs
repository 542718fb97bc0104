using System.Text;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Channels.Files;

/// <summary>
/// Encodes an event as a Put payload: <c>varint headerCount, (varint keyLength, key, varint valueLength, value)*, body</c>
/// (the body is the rest of the payload), strings in UTF-8.
/// </summary>
internal static class EventCodec
{
    public static int PayloadSize(FlumeEvent e)
    {
        var size = 0;
        var count = 0;
        if (e.HasHeaders)
        {
            foreach (var (k, v) in e.Headers)
            {
                var kb = Encoding.UTF8.GetByteCount(k);
                var vb = Encoding.UTF8.GetByteCount(v);
                size += LogFormat.VarIntSize(kb) + kb + LogFormat.VarIntSize(vb) + vb;
                count++;
            }
        }
        return size + LogFormat.VarIntSize(count) + e.Body.Length;
    }

    public static void Write(FlumeEvent e, Span<byte> dest)
    {
        var pos = 0;
        if (!e.HasHeaders)
        {
            dest[pos++] = 0;
        }
        else
        {
            pos += LogFormat.WriteVarInt(dest, e.Headers.Count);
            foreach (var (k, v) in e.Headers)
            {
                pos += WriteString(k, dest[pos..]);
                pos += WriteString(v, dest[pos..]);
            }
        }
        e.Body.CopyTo(dest[pos..]);
    }

    /// <returns>Null when the payload is malformed.</returns>
    public static FlumeEvent? Read(ReadOnlySpan<byte> payload)
    {
        var pos = 0;
        var count = LogFormat.ReadVarInt(payload, ref pos);
        if (count < 0)
        {
            return null;
        }
        Dictionary<string, string>? headers = null;
        if (count > 0)
        {
            headers = new Dictionary<string, string>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                if (ReadString(payload, ref pos) is not { } k || ReadString(payload, ref pos) is not { } v)
                {
                    return null;
                }
                headers[k] = v;
            }
        }
        return new FlumeEvent(payload[pos..].ToArray(), headers);
    }

    private static int WriteString(string s, Span<byte> dest)
    {
        var n = Encoding.UTF8.GetByteCount(s);
        var p = LogFormat.WriteVarInt(dest, n);
        Encoding.UTF8.GetBytes(s, dest[p..]);
        return p + n;
    }

    private static string? ReadString(ReadOnlySpan<byte> src, ref int pos)
    {
        var n = LogFormat.ReadVarInt(src, ref pos);
        if (n < 0 || n > src.Length - pos)
        {
            return null;
        }
        var s = Encoding.UTF8.GetString(src.Slice(pos, n));
        pos += n;
        return s;
    }
}
