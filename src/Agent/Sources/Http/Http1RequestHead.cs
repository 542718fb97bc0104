using System.Globalization;

namespace FlumeNet.Agent.Sources.Http;

/// <summary>
/// A parsed HTTP/1.x request head: what the http source needs of it (RFC 9112): method, target split into path and
/// query, version, Content-Length or chunked, Content-Type, <c>Expect: 100-continue</c> and whether the connection
/// stays open. A malformed head throws <see cref="Http1FormatException"/> (400).
/// </summary>
internal sealed class Http1RequestHead
{
    private Http1RequestHead()
    {
    }

    public string Method { get; private set; } = "";

    public string Path { get; private set; } = "/";

    public string Query { get; private set; } = "";

    /// <summary>The body length; null for a chunked body (no body at all is 0).</summary>
    public long? ContentLength { get; private set; }

    public string? ContentType { get; private set; }

    public bool ExpectsContinue { get; private set; }

    public bool KeepAlive { get; private set; }

    public bool IsHttp11 { get; private set; }

    public static Http1RequestHead Parse(string head)
    {
        var r = new Http1RequestHead();
        var lineEnd = head.IndexOf('\n', StringComparison.Ordinal);
        var requestLine = (lineEnd < 0 ? head : head[..lineEnd]).TrimEnd('\r');
        var sp1 = requestLine.IndexOf(' ', StringComparison.Ordinal);
        var sp2 = sp1 < 0 ? -1 : requestLine.IndexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || sp2 == sp1 + 1)
        {
            throw Bad("malformed request line");
        }
        r.Method = requestLine[..sp1];
        var version = requestLine[(sp2 + 1)..];
        r.IsHttp11 = version == "HTTP/1.1";
        if (!r.IsHttp11 && version != "HTTP/1.0")
        {
            throw new Http1FormatException(505, $"unsupported HTTP version '{version}'");
        }
        r.SplitTarget(requestLine[(sp1 + 1)..sp2]);
        var chunked = false;
        bool? close = null;
        long? length = null;
        for (var pos = lineEnd + 1; lineEnd >= 0 && pos < head.Length;)
        {
            var next = head.IndexOf('\n', pos);
            var line = (next < 0 ? head[pos..] : head[pos..next]).TrimEnd('\r');
            pos = next < 0 ? head.Length : next + 1;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[colon - 1] is ' ' or '\t')
            {
                throw Bad("malformed header line");
            }
            var name = line.AsSpan(0, colon);
            var value = line[(colon + 1)..].Trim(' ', '\t');
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || (length is { } other && other != n))
                {
                    throw Bad("invalid Content-Length");
                }
                length = n;
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                if (!value.EndsWith("chunked", StringComparison.OrdinalIgnoreCase))
                {
                    throw new Http1FormatException(501, $"unsupported Transfer-Encoding '{value}'");
                }
                chunked = true;
            }
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                r.ContentType = value;
            }
            else if (name.Equals("Expect", StringComparison.OrdinalIgnoreCase))
            {
                r.ExpectsContinue = value.Equals("100-continue", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var token in value.Split(','))
                {
                    var t = token.Trim();
                    if (t.Equals("close", StringComparison.OrdinalIgnoreCase))
                    {
                        close = true;
                    }
                    else if (t.Equals("keep-alive", StringComparison.OrdinalIgnoreCase))
                    {
                        close ??= false;
                    }
                }
            }
        }
        // Transfer-Encoding wins over Content-Length (RFC 9112 §6.3); such a message may be an attack, so the
        // connection is not reused after it.
        r.ContentLength = chunked ? null : length ?? 0;
        r.KeepAlive = !(chunked && length is not null) && (r.IsHttp11 ? close != true : close == false);
        return r;
    }

    private void SplitTarget(string target)
    {
        if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            // Absolute form: the authority is dropped.
            var slash = target.IndexOf('/', target.IndexOf("//", StringComparison.Ordinal) + 2);
            target = slash < 0 ? "/" : target[slash..];
        }
        if (target.Length == 0 || (target[0] != '/' && target != "*"))
        {
            throw Bad("malformed request target");
        }
        var q = target.IndexOf('?', StringComparison.Ordinal);
        Path = q < 0 ? target : target[..q];
        Query = q < 0 ? "" : target[(q + 1)..];
    }

    private static Http1FormatException Bad(string why) => new(400, why);
}
