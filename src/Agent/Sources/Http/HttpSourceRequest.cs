namespace FlumeNet.Agent.Sources.Http;

/// <summary>
/// One HTTP request as the source's handlers see it: method, path, raw query string, Content-Type, and a body to read
/// once (Content-Length or chunked, already de-chunked). Valid only while the handler runs; not thread-safe.
/// </summary>
public sealed class HttpSourceRequest
{
    private readonly Http1BodyReader? _body;

    internal HttpSourceRequest(string method, string path, string query, string? contentType, long? contentLength, Http1BodyReader? body)
    {
        Method = method;
        Path = path;
        QueryString = query;
        ContentType = contentType;
        ContentLength = contentLength;
        _body = body;
    }

    public string Method { get; }

    public string Path { get; }

    /// <summary>The query string without its <c>?</c> (empty when there is none), still percent-encoded.</summary>
    public string QueryString { get; }

    public string? ContentType { get; }

    /// <summary>The announced length, or null for a chunked body.</summary>
    public long? ContentLength { get; }

    /// <summary>An <c>application/x-www-form-urlencoded</c> body, which a servlet container reads as parameters.</summary>
    public bool HasFormContentType =>
        ContentType is { } t && t.AsSpan().TrimStart().StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads body bytes into <paramref name="buffer"/>; 0 at the end of the body.</summary>
    /// <exception cref="IOException">The client went away or broke the framing.</exception>
    public int ReadBody(Span<byte> buffer) => _body?.Read(buffer) ?? 0;

    /// <summary>For handler tests: a request whose body is <paramref name="body"/>.</summary>
    public static HttpSourceRequest ForTest(string method, string pathAndQuery, string? contentType, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        ArgumentNullException.ThrowIfNull(body);
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return new HttpSourceRequest(method, q < 0 ? pathAndQuery : pathAndQuery[..q], q < 0 ? "" : pathAndQuery[(q + 1)..], contentType,
            body.Length, new Http1BodyReader(new Http1Input(new MemoryStream(body)), body.Length));
    }

    /// <summary>The query's (or a form body's) parameters in order, decoded; the first value of a name wins.</summary>
    public static void AddParameters(string encoded, Dictionary<string, string> into)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        ArgumentNullException.ThrowIfNull(into);
        foreach (var part in encoded.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = System.Net.WebUtility.UrlDecode(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? "" : System.Net.WebUtility.UrlDecode(part[(eq + 1)..]);
            into.TryAdd(name, value);
        }
    }
}
