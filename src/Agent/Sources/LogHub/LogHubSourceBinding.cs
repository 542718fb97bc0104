using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.LogHub;

namespace FlumeNet.Agent.Sources.LogHub;

/// <summary>
/// Binds the two LogHub source key sets (reference §8.1 and §8.3) to one <see cref="LogHubSource"/>. The consumer's
/// name is host, a random id per start and source (aliyun-log-flume uses a random UUID), so containers with fixed host
/// names and PID 1 never share one identity, and a restart is a new consumer (the old one released its shards when it
/// stopped).
/// </summary>
internal static class LogHubSourceBinding
{
    /// <summary>EMR's <c>org.apache.flume.source.loghub.LogHubSource</c>.</summary>
    public static ILifecycleComponent CreateEmr(BoundOptions o, ChannelProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(o);
        var position = (o.GetString("consumerPosition") ?? "end").Trim().ToLowerInvariant() switch
        {
            "begin" => StartPosition.Begin,
            "special" => StartPosition.Time,
            _ => StartPosition.End,
        };
        var batchSize = Math.Max(1, o.GetInt("batchSize", 1000));
        var group = new ConsumerGroupOptions
        {
            Group = o.GetString("consumerGroup") ?? "consumer_1",
            GroupHidden = o.IsConfidential("consumerGroup"),
            Consumer = ConsumerName(o.Name),
            HeartbeatInterval = Millis(o.GetLong("heartbeatInterval", 30000)),
            InOrder = o.GetBool("fetchInOrder", false),
            Position = position,
            StartTime = o.GetLong("startTime", 0),
            PullCount = Math.Clamp(batchSize, 1, 1000),
            IdlePauseIncrement = Millis(o.GetLong("backoffSleepIncrement", 1000)),
            MaxIdlePause = Millis(o.GetLong("maxBackoffSleep", 5000)),
        };
        var useRecordTime = o.GetBool("useRecordTime", false);
        return new LogHubSource(o.Name, Common(o, group, JsonLogBodyFormat.Emr(), useRecordTime, batchSize), processor);
    }

    /// <summary>aliyun-log-flume's <c>com.aliyun.loghub.flume.source.LoghubSource</c>.</summary>
    public static ILifecycleComponent CreateAliyun(BoundOptions o, ChannelProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(o);
        var position = (o.GetString("initialPosition") ?? "begin").Trim().ToLowerInvariant() switch
        {
            "end" => StartPosition.End,
            "timestamp" => StartPosition.Time,
            _ => StartPosition.Begin,
        };
        var fetchInterval = Millis(o.GetLong("fetchIntervalMs", 100));
        var batchSize = Math.Max(1, o.GetInt("batchSize", 1000));
        var group = new ConsumerGroupOptions
        {
            Group = o.Raw("consumerGroup") ?? DefaultGroup(),
            GroupHidden = o.IsConfidential("consumerGroup"),
            Consumer = ConsumerName(o.Name),
            HeartbeatInterval = Millis(o.GetLong("heartbeatIntervalMs", 30000)),
            InOrder = o.GetBool("fetchInOrder", false),
            Position = position,
            StartTime = o.GetLong("timestamp", 0),
            PullCount = Math.Clamp(batchSize, 1, 1000),
            IdlePauseIncrement = fetchInterval,
            MaxIdlePause = fetchInterval,
            Query = string.IsNullOrWhiteSpace(o.GetString("query")) ? null : o.GetString("query"),
        };
        var useRecordTime = o.GetBool("useRecordTime", false);
        ILogBodyFormat format = (o.GetString("deserializer") ?? "DELIMITED") switch
        {
            "JSON" or "com.aliyun.loghub.flume.source.JSONEventDeserializer" => new JsonLogBodyFormat
            {
                TimeAsField = o.GetBool("timeAsField", false),
                TagAsField = o.GetBool("tagAsField", false),
                SourceAsField = o.GetBool("sourceAsField", false),
                TopicAsField = o.GetBool("topicAsField", false),
                EmbedJson = o.GetBool("autoDetectJSONFields", true),
            },
            // The plug-in splits columns on ',' as they are, keeping empty entries (a,,b is three columns).
            _ => new DelimitedLogBodyFormat(
                o.RequiredString("columns").Split(','),
                FirstChar(o.GetString("separatorChar"), ','),
                FirstChar(o.GetString("quoteChar"), '"'),
                FirstChar(o.GetString("escapeChar"), '"'),
                o.GetString("lineEnd") ?? "",
                o.GetBool("applyQuotesToAll", false),
                o.GetBool("appendTimestamp", false),
                o.GetBool("appendLocalTime", false) ? o.GetString("localTimeFieldName") : null),
        };
        return new LogHubSource(o.Name, Common(o, group, format, useRecordTime, batchSize), processor);
    }

    private static LogHubSourceOptions Common(BoundOptions o, ConsumerGroupOptions group, ILogBodyFormat format, bool useRecordTime, int batchSize) => new()
    {
        Endpoint = o.RequiredString("endpoint"),
        Project = o.RequiredString("project"),
        Logstore = o.RequiredString("logstore"),
        Credentials = new LogHubCredentials(o.RequiredString("accessKeyId"), o.RequiredString("accessKey"), o.Raw("securityToken")),
        ConsumerGroup = group,
        BodyFormat = format,
        UseRecordTime = useRecordTime,
        BatchSize = batchSize,
        UserAgent = o.Raw("userAgent") ?? "flumenet/" + typeof(LogHubSourceBinding).Assembly.GetName().Version?.ToString(3),
        RequestTimeout = Millis(o.GetLong("requestTimeoutMs", 60000)),
        Hidden = HiddenParts(o),
    };

    internal static LogHubHiddenParts HiddenParts(BoundOptions o) => new()
    {
        Endpoint = o.IsConfidential("endpoint"),
        Project = o.IsConfidential("project"),
        Logstore = o.IsConfidential("logstore"),
        AccessKeyId = o.IsConfidential("accessKeyId"),
    };

    private static TimeSpan Millis(long ms) => TimeSpan.FromMilliseconds(Math.Max(1, ms));

    private static char FirstChar(string? text, char fallback) => string.IsNullOrEmpty(text) ? fallback : text[0];

    private static string ConsumerName(string source) =>
        $"{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..12]}-{source}";

    private static string DefaultGroup()
    {
        var host = Environment.MachineName;
        return string.IsNullOrEmpty(host) ? Guid.NewGuid().ToString() : host.Replace('.', '-').ToLowerInvariant();
    }
}
