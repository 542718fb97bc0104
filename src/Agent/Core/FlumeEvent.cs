namespace FlumeNet.Agent.Core;

/// <summary>
/// A Flume event: string headers and an opaque body. Headers are created on first use, so a header-less event costs one
/// object and its body. Events are not thread-safe; a channel hands each one to one taker at a time.
/// </summary>
public sealed class FlumeEvent
{
    private Dictionary<string, string>? _headers;

    public FlumeEvent(byte[] body) => Body = body;

    public FlumeEvent(byte[] body, Dictionary<string, string>? headers)
    {
        Body = body;
        _headers = headers;
    }

    public byte[] Body { get; set; }

    public bool HasHeaders => _headers is { Count: > 0 };

    public Dictionary<string, string> Headers => _headers ??= new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The headers without creating them (null when none were ever set).</summary>
    internal Dictionary<string, string>? RawHeaders => _headers;

    public string? Header(string name) => _headers is not null && _headers.TryGetValue(name, out var v) ? v : null;
}
