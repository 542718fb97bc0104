using System.Text;

namespace FlumeNet.Agent.Sources.Http;

/// <summary>
/// The charset of an http source request, as JSONHandler allows it: <c>utf-8</c>, <c>utf-16</c> or <c>utf-32</c> (names
/// compared ignoring case, nothing else). Decoding honours a byte-order mark as Java's decoders do; encoding is Java's:
/// UTF-16 big-endian with a BOM, UTF-32 big-endian without one.
/// </summary>
public sealed class RequestCharset
{
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private static readonly Encoding Utf16Be = new UnicodeEncoding(bigEndian: true, byteOrderMark: false);
    private static readonly Encoding Utf16Le = new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
    private static readonly Encoding Utf32Be = new UTF32Encoding(bigEndian: true, byteOrderMark: false);
    private static readonly Encoding Utf32Le = new UTF32Encoding(bigEndian: false, byteOrderMark: false);

    private RequestCharset(string name, Encoding encoding)
    {
        Name = name;
        Encoding = encoding;
    }

    public string Name { get; }

    /// <summary>How event bodies are encoded.</summary>
    public Encoding Encoding { get; }

    public bool IsUtf8 => ReferenceEquals(Encoding, Utf8);

    /// <summary>The charset named by a Content-Type header; null when it names none.</summary>
    /// <exception cref="NotSupportedException">Another charset: Flume answers 500.</exception>
    public static RequestCharset? Of(string? contentType)
    {
        var name = CharsetParameter(contentType);
        if (name is null)
        {
            return null;
        }
        return name.ToLowerInvariant() switch
        {
            "utf-8" => new RequestCharset("UTF-8", Utf8),
            "utf-16" => new RequestCharset("UTF-16", Utf16Be),
            "utf-32" => new RequestCharset("UTF-32", Utf32Be),
            _ => throw new NotSupportedException($"Unsupported character set in request {name}. JSON handler supports UTF-8, UTF-16 and UTF-32 only."),
        };
    }

    public static string? CharsetParameter(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return null;
        }
        foreach (var part in contentType.Split(';'))
        {
            var p = part.Trim();
            if (p.StartsWith("charset=", StringComparison.OrdinalIgnoreCase))
            {
                return p[8..].Trim().Trim('"');
            }
        }
        return null;
    }

    public static byte[] Encode(Encoding e, string s)
    {
        if (ReferenceEquals(e, Utf16Be) && s.Length > 0)
        {
            var bytes = new byte[2 + e.GetByteCount(s)];
            bytes[0] = 0xFE;
            bytes[1] = 0xFF;
            e.GetBytes(s, bytes.AsSpan(2));
            return bytes;
        }
        return e.GetBytes(s);
    }

    public string Decode(ReadOnlySpan<byte> raw)
    {
        if (IsUtf8)
        {
            return Utf8.GetString(raw);
        }
        if (ReferenceEquals(Encoding, Utf16Be))
        {
            if (raw is [0xFE, 0xFF, ..])
            {
                return Utf16Be.GetString(raw[2..]);
            }
            return raw is [0xFF, 0xFE, ..] ? Utf16Le.GetString(raw[2..]) : Utf16Be.GetString(raw);
        }
        if (raw is [0, 0, 0xFE, 0xFF, ..])
        {
            return Utf32Be.GetString(raw[4..]);
        }
        return raw is [0xFF, 0xFE, 0, 0, ..] ? Utf32Le.GetString(raw[4..]) : Utf32Be.GetString(raw);
    }
}
