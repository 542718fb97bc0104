using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>Interceptors, configured under a source's <c>interceptors.&lt;name&gt;.</c> (reference §6.4). The class names are the builders.</summary>
public static class InterceptorSpecs
{
    public static readonly ComponentSpec Timestamp = new(
        ComponentKind.Interceptor,
        ["timestamp"],
        ["org.apache.flume.interceptor.TimestampInterceptor$Builder"],
        "Puts the processing time, in epoch milliseconds, into a header.",
        [
            Opt.Str("headerName", "timestamp", "Header to set."),
            Opt.Bool("preserveExisting", "false", "Keep a header that is already set."),
        ]);

    public static readonly ComponentSpec Host = new(
        ComponentKind.Interceptor,
        ["host"],
        ["org.apache.flume.interceptor.HostInterceptor$Builder"],
        "Puts the agent host's IP address or name into a header.",
        [
            Opt.Bool("preserveExisting", "false", "Keep a header that is already set."),
            Opt.Bool("useIP", "true", "Use the IP address rather than the host name."),
            Opt.Str("hostHeader", "host", "Header to set."),
        ]);

    public static readonly ComponentSpec Static = new(
        ComponentKind.Interceptor,
        ["static"],
        ["org.apache.flume.interceptor.StaticInterceptor$Builder"],
        "Puts one fixed header on every event.",
        [
            Opt.Bool("preserveExisting", "true", "Keep a header that is already set."),
            Opt.Str("key", "key", "Header name."),
            Opt.Str("value", "value", "Header value."),
        ]);

    public static readonly ComponentSpec RegexFilter = new(
        ComponentKind.Interceptor,
        ["regex_filter"],
        ["org.apache.flume.interceptor.RegexFilteringInterceptor$Builder"],
        "Keeps (or drops) events whose body matches a regex.",
        [
            Opt.Str("regex", ".*", "Regex searched for in the body.") with { Validate = SpecChecks.JavaRegexProblem },
            Opt.Bool("excludeEvents", "false", "Drop matching events instead of keeping them."),
        ]);

    public static readonly ComponentSpec RegexExtractor = new(
        ComponentKind.Interceptor,
        ["regex_extractor"],
        ["org.apache.flume.interceptor.RegexExtractorInterceptor$Builder"],
        "Copies the capture groups of a regex match on the body into headers.",
        [
            Opt.Str("regex", null, "Regex searched for in the body.") with { Required = true, Validate = SpecChecks.JavaRegexProblem },
            Opt.List("serializers", null, "One serializer name per capture group, in order.") with { Required = true },
            Opt.Prefix("serializers.", "serializers.<s>.name = header; .type = default or RegexExtractorInterceptorMillisSerializer; .pattern = date format."),
        ]);

    public static readonly ComponentSpec RemoveHeader = new(
        ComponentKind.Interceptor,
        ["remove_header"],
        ["org.apache.flume.interceptor.RemoveHeaderInterceptor$Builder"],
        "Removes headers by name, by list or by regex.",
        [
            Opt.Str("withName", null, "Name of a header to remove."),
            Opt.Str("fromList", null, "Names of headers to remove, separated by fromListSeparator."),
            Opt.Str("fromListSeparator", "\\s*,\\s*", "Regex separating the names in fromList."),
            Opt.Str("matching", null, "Regex; headers whose names match are removed."),
        ]);

    public static readonly ComponentSpec SearchReplace = new(
        ComponentKind.Interceptor,
        ["search_replace"],
        ["org.apache.flume.interceptor.SearchAndReplaceInterceptor$Builder"],
        "Replaces every regex match in the body.",
        [
            Opt.Str("searchPattern", null, "Regex to search for.") with { Required = true },
            Opt.Str("replaceString", "", "Replacement; $1 refers to a group."),
            Opt.Str("charset", "UTF-8", "Character set of the body."),
        ]);

    public static readonly ComponentSpec Uuid = new(
        ComponentKind.Interceptor,
        [],
        ["org.apache.flume.sink.solr.morphline.UUIDInterceptor$Builder"],
        "Puts a random UUID into a header.",
        [
            Opt.Str("headerName", "id", "Header to set."),
            Opt.Bool("preserveExisting", "true", "Keep a header that is already set."),
            Opt.Str("prefix", "", "Text put before the UUID."),
        ]);

    public static readonly ComponentSpec Morphline = new(
        ComponentKind.Interceptor,
        [],
        ["org.apache.flume.sink.solr.morphline.MorphlineInterceptor$Builder"],
        "Transforms events with a Kite morphline; not planned: needs the Java morphline engine.",
        [
            Opt.Path("morphlineFile", null, "The morphline configuration file.") with { Required = true },
            Opt.Str("morphlineId", null, "Which morphline of the file to run (the first when unset)."),
        ])
    {
        Support = SupportLevel.NotPlanned,
    };
}
