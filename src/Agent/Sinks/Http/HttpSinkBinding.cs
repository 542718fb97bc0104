using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Registry;
using FlumeNet.ConfigParser.Validation;

namespace FlumeNet.Agent.Sinks.Http;

/// <summary>Builds the http sink from its validated options; the registry's http sink line passes <see cref="Factory"/>.</summary>
public static class HttpSinkBinding
{
    public static readonly ComponentFactory Factory = new() { Sink = (o, channel) => new HttpSink(o.Name, channel, Bind(o)) };

    public static HttpSinkOptions Bind(BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var endpoint = o.GetString("endpoint");
        if (string.IsNullOrWhiteSpace(endpoint) || !Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"'{o.Name}': endpoint: '{endpoint}' is not an http or https URL");
        }
        var connect = o.GetInt("connectTimeout", 5000);
        var request = o.GetInt("requestTimeout", 5000);
        if (connect <= 0 || request <= 0)
        {
            throw new ArgumentException($"'{o.Name}': connectTimeout and requestTimeout must be greater than 0");
        }
        return new HttpSinkOptions(uri, TimeSpan.FromMilliseconds(connect), TimeSpan.FromMilliseconds(request),
            o.GetString("contentTypeHeader") ?? "text/plain", o.GetString("acceptHeader") ?? "text/plain",
            o.GetBool("defaultBackoff", true), o.GetBool("defaultRollback", true), o.GetBool("defaultIncrementMetrics", false),
            Codes(o, "backoff."), Codes(o, "rollback."), Codes(o, "incrementMetrics."));
    }

    // Flume's value test: true only for "true" in any case.
    private static Dictionary<string, bool> Codes(BoundOptions o, string prefix)
    {
        var result = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (code, value) in o.Sub(prefix))
        {
            result[code] = string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        }
        return result;
    }
}
