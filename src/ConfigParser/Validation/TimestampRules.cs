using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.ConfigParser.Validation;

/// <summary>
/// An HDFS sink whose path or prefix holds time escapes needs a <c>timestamp</c> header on every event (unless
/// <c>hdfs.useLocalTimeStamp</c>): without one Flume's sink fails the batch, rolls back, and retries it forever.
/// </summary>
public static class TimestampRules
{
    public static void Check(ValidationContext ctx)
    {
        foreach (var sinkName in ctx.Agent.Active[SectionKind.Sinks])
        {
            var sink = ctx.Component(SectionKind.Sinks, sinkName);
            if (ctx.SpecOf(SectionKind.Sinks, sinkName)?.FindOption("hdfs.useLocalTimeStamp") is null
                || OptionValues.ParseBool(sink.Get("hdfs.useLocalTimeStamp") ?? "false"))
            {
                continue;
            }
            var escaped = FirstTimeEscape(sink.Find("hdfs.path")) ?? FirstTimeEscape(sink.Find("hdfs.filePrefix"));
            if (escaped is null)
            {
                continue;
            }
            var channel = sink.Get("channel");
            foreach (var sourceName in ctx.Agent.Active[SectionKind.Sources])
            {
                if (!ctx.Agent.SourceChannels[sourceName].Contains(channel!) || SetsTimestamp(ctx, sourceName) != TimestampHeader.Never)
                {
                    continue;
                }
                var source = ctx.Component(SectionKind.Sources, sourceName);
                ctx.Diagnostics.Error(escaped.Location, DiagnosticCodes.NoTimestampHeader, escaped.FullKey,
                    $"uses time escapes, but events from source '{sourceName}' carry no timestamp header; Flume's HDFS sink fails on them and retries the same batch forever",
                    $"add a timestamp interceptor to {source.Prefix}, or set {sink.Prefix}.hdfs.useLocalTimeStamp = true");
            }
        }
    }

    private static TimestampHeader SetsTimestamp(ValidationContext ctx, string sourceName)
    {
        var spec = ctx.SpecOf(SectionKind.Sources, sourceName);
        var result = spec?.SetsTimestamp ?? TimestampHeader.Maybe;
        var source = ctx.Component(SectionKind.Sources, sourceName);
        foreach (var name in NameList.SplitWhitespace(source.Get("interceptors") ?? string.Empty))
        {
            var interceptor = ctx.SpecOf(SectionKind.Sources, $"{sourceName}/{name}");
            var prefix = $"interceptors.{name}.";
            switch (interceptor?.DisplayName)
            {
                case "timestamp" when (source.Get(prefix + "headerName") ?? "timestamp") == "timestamp":
                    return TimestampHeader.Always;
                case "static" when source.Get(prefix + "key") == "timestamp":
                    return TimestampHeader.Always;
                case "regex_extractor" or "flumenet.json_timestamp":
                    result = TimestampHeader.Maybe;
                    break;
                case null:
                    result = TimestampHeader.Maybe;
                    break;
                default:
                    break;
            }
        }
        return result;
    }

    /// <summary>The property if its value holds a BucketPath escape that needs the event time (%Y, %H, %t, …), else null.</summary>
    private static ConfigProperty? FirstTimeEscape(ConfigProperty? p)
    {
        if (p is null)
        {
            return null;
        }
        var v = p.Value;
        for (var i = 0; i + 1 < v.Length; i++)
        {
            if (v[i] == '%' && char.IsAsciiLetter(v[i + 1]))
            {
                return p;
            }
        }
        return null;
    }
}
