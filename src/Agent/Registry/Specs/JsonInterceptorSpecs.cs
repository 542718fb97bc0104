using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>
/// FlumeNet's own interceptors for JSON bodies: what most custom Java interceptors in published configs do (timestamps
/// from a field, fields into headers for routing, dropping malformed lines). Their names live under <c>flumenet.</c>
/// and <c>io.flumenet.</c>, which no Flume type can take.
/// </summary>
public static class JsonInterceptorSpecs
{
    public static readonly ComponentSpec Timestamp = new(
        ComponentKind.Interceptor,
        ["flumenet.json_timestamp"],
        ["io.flumenet.interceptor.JsonTimestampInterceptor$Builder"],
        "Sets the timestamp header from a JSON body field (epoch seconds or millis, or a date pattern).",
        [
            Opt.Str("field", null, "Dotted path of the field, e.g. ts or meta.time.") with { Required = true },
            Opt.Str("format", "auto", "seconds, millis, auto (seconds below 10^11, else millis) or a Joda-time pattern such as yyyy-MM-dd HH:mm:ss."),
            Opt.Str("timeZone", null, "Zone of date texts without one (default: the agent's zone, as Java's)."),
            Opt.Str("headerName", "timestamp", "Header to set."),
            Opt.Bool("preserveExisting", "false", "Keep a header that is already set."),
            Opt.Bool("dropOnError", "false", "Drop events whose field is missing or unreadable instead of passing them without the header."),
        ])
    {
        Origin = "FlumeNet",
    };

    public static readonly ComponentSpec Headers = new(
        ComponentKind.Interceptor,
        ["flumenet.json_headers"],
        ["io.flumenet.interceptor.JsonHeadersInterceptor$Builder"],
        "Copies fields of a JSON body into headers (for multiplexing or path escapes).",
        [
            Opt.List("fields", null, "Dotted paths of the fields to copy, separated by whitespace.") with { Required = true },
            Opt.Prefix("headers.", "headers.<field> = header name for that field (default: the field path)."),
            Opt.Bool("preserveExisting", "false", "Keep a header that is already set."),
        ])
    {
        Origin = "FlumeNet",
    };

    public static readonly ComponentSpec Filter = new(
        ComponentKind.Interceptor,
        ["flumenet.json_filter"],
        ["io.flumenet.interceptor.JsonFilterInterceptor$Builder"],
        "Drops events whose body is not a JSON object or lacks a required field.",
        [
            Opt.List("requiredFields", null, "Dotted paths that must be present and not null."),
        ])
    {
        Origin = "FlumeNet",
    };
}
