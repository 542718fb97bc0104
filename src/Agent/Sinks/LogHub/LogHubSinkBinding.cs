using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.LogHub;
using FlumeNet.Agent.Sinks.Hdfs;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.Agent.Sinks.LogHub;

/// <summary>Binds aliyun-log-flume's <c>com.aliyun.loghub.flume.sink.LoghubSink</c> keys (reference §8.2).</summary>
internal static class LogHubSinkBinding
{
    public static ISink Create(BoundOptions o, IChannel channel)
    {
        ArgumentNullException.ThrowIfNull(o);
        var encoding = JavaCharsets.ForName(o.GetString("encoding") ?? "UTF-8");
        IEventLogSerializer serializer = (o.GetString("serializer") ?? "DELIMITED") switch
        {
            "SIMPLE" or "com.aliyun.loghub.flume.sink.SimpleEventSerializer" => new SimpleEventLogSerializer(o.GetString("fieldName") ?? "body", encoding),
            "JSON" or "com.aliyun.loghub.flume.sink.JSONEventSerializer" => new JsonEventLogSerializer(encoding, o.Raw("timeField"), o.Raw("timeFormat")),
            "REGEX" or "com.aliyun.loghub.flume.sink.RegexEventSerializer" => new RegexEventLogSerializer(
                o.RequiredString("regex"), List(o.GetString("fieldNames")), List(o.GetString("expandJsonKeys")), encoding, o.Raw("timeField"), o.Raw("timeFormat")),
            _ => new DelimitedEventLogSerializer(
                List(o.GetString("columns")),
                FirstChar(o.GetString("separatorChar"), ','),
                FirstChar(o.GetString("quoteChar"), '"'),
                FirstChar(o.GetString("escapeChar"), '"'),
                o.GetBool("useRecordTime", false)),
        };
        string source;
        try
        {
            source = HostIdentity.Local.IpAddress;
        }
        catch (System.Net.Sockets.SocketException)
        {
            source = "127.0.0.1";
        }
        var options = new LogHubSinkOptions
        {
            Endpoint = o.RequiredString("endpoint"),
            Project = o.RequiredString("project"),
            Logstore = o.RequiredString("logstore"),
            Credentials = new LogHubCredentials(o.RequiredString("accessKeyId"), o.RequiredString("accessKey"), o.Raw("securityToken")),
            Serializer = serializer,
            BatchSize = Math.Max(1, o.GetInt("batchSize", 1000)),
            BufferBytes = Math.Max(1024, o.GetLong("bufferBytes", 2 * 1024 * 1024)),
            MaxRetry = Math.Max(1, o.GetInt("maxRetry", 16)),
            // The spec default "number of CPUs" is display text: only a set value counts.
            Concurrency = o.Raw("concurrency") is { } c && int.TryParse(c.Trim(), out var n) && n > 0 ? n : Environment.ProcessorCount,
            UserAgent = o.Raw("userAgent") ?? "flumenet/" + typeof(LogHubSinkBinding).Assembly.GetName().Version?.ToString(3),
            SourceAddress = source,
            RequestTimeout = TimeSpan.FromMilliseconds(Math.Max(1, o.GetLong("requestTimeoutMs", 60000))),
            Hidden = Sources.LogHub.LogHubSourceBinding.HiddenParts(o),
        };
        return new LogHubSink(o.Name, channel, options);
    }

    private static string[] List(string? text) => (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static char FirstChar(string? text, char fallback) => string.IsNullOrEmpty(text) ? fallback : text[0];
}
