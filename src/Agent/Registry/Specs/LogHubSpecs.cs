using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>
/// Alibaba Cloud LogHub (SLS) plug-ins (reference loghub.md §8): the aliyun-log-flume source and sink, and the EMR source.
/// <c>securityToken</c> is this agent's addition for STS credentials.
/// </summary>
public static class LogHubSpecs
{
    public static readonly ComponentSpec AliyunSource = new(
        ComponentKind.Source,
        [],
        ["com.aliyun.loghub.flume.source.LoghubSource"],
        "Consumes a LogHub logstore through a consumer group (aliyun-log-flume); every event gets a timestamp header.",
        [
            .. Connection(),
            Opt.Str("consumerGroup", "local host name", "Consumer group; created when missing."),
            Opt.Str("initialPosition", "begin", "Where a new consumer group starts: begin, end or timestamp (anything else means begin)."),
            Opt.Int("timestamp", null, "Start time in unix seconds, required when initialPosition is timestamp."),
            Opt.Long("heartbeatIntervalMs", "30000", "Milliseconds between consumer-group heartbeats."),
            Opt.Long("fetchIntervalMs", "100", "Milliseconds between pulls of a shard."),
            Opt.Bool("fetchInOrder", "false", "Finish a split shard's parent before reading its children."),
            Opt.Int("batchSize", "1000", "Most log groups pulled per request."),
            Opt.Int("maxRetry", "16", "Attempts to write a batch to the channels."),
            Opt.Str("userAgent", "aliyun-log-flume/<version>", "User-Agent sent to LogHub."),
            Opt.Enum("deserializer", "DELIMITED", "How a log becomes an event body.", "DELIMITED", "JSON",
                "com.aliyun.loghub.flume.source.DelimitedTextEventDeserializer",
                "com.aliyun.loghub.flume.source.JSONEventDeserializer") with
            {
                ChoicesCaseSensitive = true,
                AcceptsClassName = true,
            },
            Opt.Bool("useRecordTime", "false", "Timestamp header from the log's time instead of the local clock."),
            Opt.Str("columns", null, "DELIMITED (required there): log fields written, comma-separated."),
            Opt.Str("separatorChar", ",", "DELIMITED: field separator."),
            Opt.Str("quoteChar", "\"", "DELIMITED: quote character."),
            Opt.Str("escapeChar", "\"", "DELIMITED: escape character."),
            Opt.Str("lineEnd", "", "DELIMITED: text appended to each record."),
            Opt.Bool("applyQuotesToAll", "false", "DELIMITED: quote every field."),
            Opt.Bool("appendTimestamp", "false", "DELIMITED: append the timestamp as a last field."),
            Opt.Bool("appendLocalTime", "false", "DELIMITED: write the local time into column localTimeFieldName."),
            Opt.Str("localTimeFieldName", null, "DELIMITED: column that receives the local time."),
            Opt.Bool("timeAsField", "false", "JSON: add __time__."),
            Opt.Bool("tagAsField", "false", "JSON: add each tag as __tag__:<key>."),
            Opt.Bool("sourceAsField", "false", "JSON: add __source__."),
            Opt.Bool("topicAsField", "false", "JSON: add __topic__."),
            Opt.Bool("autoDetectJSONFields", "true", "JSON: embed values that look like JSON objects or arrays."),
            Opt.Str("query", null, "SPL filter the service applies while reading (sent with each pull, e.g. * | where level = 'ERROR')."),
            Opt.Str("processor", null, "Server-side consume processor.") with { IgnoredBecause = "SPL processing is not supported by this agent" },
        ])
    {
        Origin = "aliyun-log-flume",
        BatchSizeKey = "batchSize",
        // The plug-in does not implement Flume's BatchSizeSupported: Flume keeps it; its puts are split to transactionCapacity.
        ChecksBatchSize = false,
        SetsTimestamp = TimestampHeader.Always,
    };

    public static readonly ComponentSpec AliyunSink = new(
        ComponentKind.Sink,
        [],
        ["com.aliyun.loghub.flume.sink.LoghubSink"],
        "Writes events to a LogHub logstore with PutLogs (aliyun-log-flume); the transaction commits once every request succeeded.",
        [
            .. Connection(),
            Opt.Int("batchSize", "1000", "Events taken per transaction."),
            Opt.Long("bufferBytes", "2097152", "Bytes buffered before a PutLogs request is sent."),
            Opt.Int("maxBufferTime", "3000", "Milliseconds an item may wait in the buffer."),
            Opt.Int("maxRetry", "16", "Attempts per PutLogs request."),
            Opt.Int("concurrency", "number of CPUs", "PutLogs requests in flight per transaction."),
            Opt.Str("userAgent", "aliyun-log-flume/<version>", "User-Agent sent to LogHub."),
            Opt.Enum("serializer", "DELIMITED", "How an event becomes a log.", "DELIMITED", "SIMPLE", "REGEX", "JSON",
                "com.aliyun.loghub.flume.sink.DelimitedTextEventSerializer", "com.aliyun.loghub.flume.sink.SimpleEventSerializer",
                "com.aliyun.loghub.flume.sink.RegexEventSerializer", "com.aliyun.loghub.flume.sink.JSONEventSerializer") with
            {
                ChoicesCaseSensitive = true,
                AcceptsClassName = true,
            },
            Opt.Str("columns", null, "DELIMITED (required there): log field names of the body's columns, comma-separated."),
            Opt.Str("separatorChar", ",", "DELIMITED: field separator."),
            Opt.Str("quoteChar", "\"", "DELIMITED: quote character."),
            Opt.Str("escapeChar", "\"", "DELIMITED: escape character."),
            Opt.Bool("useRecordTime", "false", "DELIMITED: a column named timestamp sets the log time (seconds)."),
            Opt.Str("fieldName", "body", "SIMPLE: log field that receives the body."),
            Opt.Str("encoding", "UTF-8", "SIMPLE, REGEX, JSON: character set of the body."),
            Opt.Str("regex", null, "REGEX (required there): pattern whose groups become fields."),
            Opt.Str("fieldNames", null, "REGEX (required there): names of the groups, comma-separated."),
            Opt.Str("expandJsonKeys", null, "REGEX: fields whose JSON value is expanded, comma-separated."),
            Opt.Str("timeField", null, "REGEX, JSON: field that holds the log time."),
            Opt.Str("timeFormat", null, "REGEX, JSON: epoch or a Java date-time pattern for timeField."),
        ])
    {
        Origin = "aliyun-log-flume",
        BatchSizeKey = "batchSize",
        // The plug-in does not implement Flume's BatchSizeSupported: Flume keeps it; its takes are capped at transactionCapacity.
        ChecksBatchSize = false,
    };

    public static readonly ComponentSpec EmrSource = new(
        ComponentKind.Source,
        [],
        ["org.apache.flume.source.loghub.LogHubSource"],
        "Consumes a LogHub logstore through a consumer group (Alibaba Cloud EMR); every event gets a timestamp header.",
        [
            .. Connection(),
            Opt.Bool("useRecordTime", "false", "Timestamp header from the time LogHub received the log instead of the local clock."),
            Opt.Str("consumerGroup", "consumer_1", "Consumer group; created when missing."),
            Opt.Enum("consumerPosition", "end", "Where a new consumer group starts; a saved checkpoint wins.", "begin", "end", "special"),
            Opt.Int("startTime", null, "Start time in unix seconds, required when consumerPosition is special."),
            Opt.Long("heartbeatInterval", "30000", "Milliseconds between consumer-group heartbeats."),
            Opt.Bool("fetchInOrder", "false", "Finish a split shard's parent before reading its children."),
            Opt.Int("batchSize", "1000", "Most events per channel transaction."),
            Opt.Long("batchDurationMillis", "1000", "Longest wait before a partial batch is written, in milliseconds."),
            .. SharedOptions.PollableBackoff(),
        ])
    {
        Origin = "EMR",
        BatchSizeKey = "batchSize",
        SetsTimestamp = TimestampHeader.Always,
    };

    private static OptionSpec[] Connection() =>
    [
        Opt.Str("endpoint", null, "LogHub endpoint, e.g. cn-hangzhou.log.aliyuncs.com (http:// or https:// optional).") with
        {
            Required = true,
        },
        Opt.Str("project", null, "LogHub project.") with { Required = true },
        Opt.Str("logstore", null, "Logstore in the project.") with { Required = true },
        Opt.Str("accessKeyId", null, "AccessKey ID.") with { Required = true },
        Opt.Secret("accessKey", "AccessKey secret.") with { Required = true },
        Opt.Secret("securityToken", "STS security token, with temporary AccessKeys (an addition of this agent)."),
        Opt.Long("requestTimeoutMs", "60000", "Deadline of one LogHub request, answer body included (an addition of this agent).", min: 1),
    ];
}
