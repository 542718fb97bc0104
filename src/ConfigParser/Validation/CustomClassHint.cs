using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.ConfigParser.Validation;

/// <summary>
/// The answer for a custom Java class (a dotted type name no catalog entry has): FlumeNet cannot load Java classes, so
/// the hint names the built-in that usually does the same job, else how to port it as a .NET plugin.
/// </summary>
public static class CustomClassHint
{
    private const string Plugin = "FlumeNet cannot load Java classes: port it as a .NET plugin under plugins.d/ registered under this class name, see samples/LineEtlPlugin";

    public static bool IsClassName(string type) => type.Contains('.', StringComparison.Ordinal);

    public static string For(ComponentKind kind, string className) =>
        BuiltInFor(kind, className) is { } builtIn ? $"{Plugin}; the built-in {builtIn} may do the same job" : Plugin;

    /// <summary>The built-in types that usually do the job of a custom class of this kind and name, or null.</summary>
    public static string? BuiltInFor(ComponentKind kind, string className)
    {
        ArgumentNullException.ThrowIfNull(className);
        var simple = SimpleName(className).ToLowerInvariant();
        return kind switch
        {
            ComponentKind.Interceptor when simple.Contains("time", StringComparison.Ordinal) =>
                "flumenet.json_timestamp, timestamp or regex_extractor",
            ComponentKind.Interceptor when Has(simple, "json", "etl", "valid", "filter", "clean") =>
                "flumenet.json_filter or regex_filter",
            ComponentKind.Interceptor when Has(simple, "header", "type", "tenant", "table", "topic", "extract") =>
                "flumenet.json_headers or regex_extractor",
            ComponentKind.Interceptor when Has(simple, "nginx", "log4j", "format", "log") =>
                "regex_extractor, search_replace or flumenet.json_headers",
            ComponentKind.Source when simple.Contains("taildir", StringComparison.Ordinal) => "TAILDIR",
            ComponentKind.Source when simple.Contains("exec", StringComparison.Ordinal) => "exec",
            ComponentKind.Source when simple.Contains("kafka", StringComparison.Ordinal) => "org.apache.flume.source.kafka.KafkaSource",
            ComponentKind.Sink when simple.Contains("kafka", StringComparison.Ordinal) => "org.apache.flume.sink.kafka.KafkaSink",
            ComponentKind.Serializer when Has(simple, "csv", "text", "string") => "text or header_and_text",
            ComponentKind.Serializer when simple.Contains("avro", StringComparison.Ordinal) => "avro_event",
            _ => null,
        };
    }

    private static bool Has(string text, params string[] parts)
    {
        foreach (var part in parts)
        {
            if (text.Contains(part, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static string SimpleName(string className)
    {
        var s = className[(className.LastIndexOf('.') + 1)..];
        var dollar = s.IndexOf('$', StringComparison.Ordinal);
        return dollar > 0 ? s[..dollar] : s;
    }
}
