namespace FlumeNet.Agent.Sinks.Http;

/// <summary>
/// The http sink's validated options (reference §4.2). The per-status maps hold exact codes (<c>200</c>) and classes
/// (<c>2XX</c>); <see cref="Decide"/> applies Flume's precedence: exact code, then class, then the default.
/// </summary>
public sealed record HttpSinkOptions(
    Uri Endpoint,
    TimeSpan ConnectTimeout,
    TimeSpan RequestTimeout,
    string ContentType,
    string Accept,
    bool DefaultBackoff,
    bool DefaultRollback,
    bool DefaultIncrementMetrics,
    IReadOnlyDictionary<string, bool> Backoff,
    IReadOnlyDictionary<string, bool> Rollback,
    IReadOnlyDictionary<string, bool> IncrementMetrics)
{
    public static bool Decide(IReadOnlyDictionary<string, bool> overrides, bool fallback, int status)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (overrides.TryGetValue(code, out var exact))
        {
            return exact;
        }
        return overrides.TryGetValue(code[0] + "XX", out var group) ? group : fallback;
    }
}
