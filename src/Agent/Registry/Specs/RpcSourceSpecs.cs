using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>Sources that receive events from other agents or clients over RPC or HTTP (reference §6.1).</summary>
public static class RpcSourceSpecs
{
    private const string JettyIgnored = "Jetty server tuning has no counterpart in this agent";
    private const string KerberosIgnored = "Kerberos (SASL) is not supported by this agent";

    public static readonly ComponentSpec Avro = new(
        ComponentKind.Source,
        ["avro"],
        ["org.apache.flume.source.AvroSource"],
        "Receives events from Flume avro sinks and Avro RPC clients.",
        [
            Opt.Str("bind", null, "Host name or IP address to listen on.") with { Required = true },
            Opt.Port("port", null, "TCP port to listen on.") with { Required = true },
            Opt.Int("threads", null, "Most worker threads (unbounded when unset).") with
            {
                IgnoredBecause = "Flume 1.11 parses threads and then ignores it too (its Netty server has fixed pools)",
                FallsBackOnBadValue = true,
            },
            Opt.Str("compression-type", "none", "deflate to accept deflate-compressed requests; anything else means none."),
            .. SharedOptions.ServerSsl(),
            Opt.Bool("ipFilter", "false", "Filter clients by ipFilterRules."),
            Opt.Str("ipFilterRules", null, "Comma-separated allow|deny:ip|name:pattern rules; the first match wins."),
        ])
    {
        SetsTimestamp = TimestampHeader.Maybe,
    };

    public static readonly ComponentSpec Thrift = new(
        ComponentKind.Source,
        ["thrift"],
        ["org.apache.flume.source.ThriftSource"],
        "Receives events from Flume thrift sinks and Thrift RPC clients.",
        [
            Opt.Str("bind", null, "Host name or IP address to listen on.") with { Required = true },
            Opt.Port("port", null, "TCP port to listen on.") with { Required = true },
            Opt.Int("threads", null, "Most worker threads (unbounded when unset).") with
            {
                IgnoredBecause = "each connection is served on the shared thread pool",
            },
            Opt.Enum("protocol", "compact", "Thrift protocol (undocumented in Flume); only exactly 'binary' selects binary.", "compact", "binary"),
            .. SharedOptions.ServerSsl(),
            Opt.Bool("kerberos", "false", "Require Kerberos authentication.") with { IgnoredBecause = KerberosIgnored },
            Opt.Str("agent-principal", null, "Kerberos principal of this agent.") with { IgnoredBecause = KerberosIgnored },
            Opt.Path("agent-keytab", null, "Keytab of the agent principal.") with { IgnoredBecause = KerberosIgnored },
        ])
    {
        SetsTimestamp = TimestampHeader.Maybe,
    };

    public static readonly ComponentSpec Http = new(
        ComponentKind.Source,
        ["http"],
        ["org.apache.flume.source.http.HTTPSource"],
        "Accepts events by HTTP POST; one request is one batch, answered 503 when the channel is full.",
        [
            Opt.Port("port", null, "TCP port to listen on.") with { Required = true },
            Opt.Str("bind", "0.0.0.0", "Host name or IP address to listen on."),
            Opt.Enum("handler", "org.apache.flume.source.http.JSONHandler", "Class that turns a request into events.",
                "org.apache.flume.source.http.JSONHandler", "org.apache.flume.sink.solr.morphline.BlobHandler",
                "org.apache.flume.source.http.BLOBHandler") with
            {
                ChoicesCaseSensitive = true,
                AcceptsClassName = true,
            },
            Opt.Long("handler.maxBlobLength", "100000000", "morphline BlobHandler: the longest body read from a request, in bytes.", min: 1),
            Opt.Str("handler.mandatoryParameters", null, "core BLOBHandler: comma-separated request parameters every request must carry."),
            .. SharedOptions.ServerSsl(),
            Opt.Bool("enableSSL", "false", "Old name of ssl.") with { DeprecatedBy = "use ssl" },
            Opt.Secret("keystorePassword", "Old name of keystore-password.") with { DeprecatedBy = "use keystore-password" },
            Opt.List("excludeProtocols", "SSLv3", "Old name of exclude-protocols.") with { DeprecatedBy = "use exclude-protocols" },
            Opt.Prefix("QueuedThreadPool.", "Jetty thread-pool settings.") with { IgnoredBecause = JettyIgnored },
            Opt.Prefix("HttpConfiguration.", "Jetty HTTP settings.") with { IgnoredBecause = JettyIgnored },
            Opt.Prefix("SslContextFactory.", "Jetty SSL settings (may hold passwords).") with { IgnoredBecause = JettyIgnored, Secret = true },
            Opt.Prefix("ServerConnector.", "Jetty connector settings.") with { IgnoredBecause = JettyIgnored },
        ])
    {
        SetsTimestamp = TimestampHeader.Maybe,
    };

    public static readonly ComponentSpec Scribe = new(
        ComponentKind.Source,
        [],
        ["org.apache.flume.source.scribe.ScribeSource"],
        "Receives messages from Scribe clients over Thrift; not planned: Scribe is a retired system.",
        [
            Opt.Port("port", "1499", "TCP port to listen on."),
            Opt.Int("maxReadBufferBytes", "16384000", "Largest Thrift frame read, in bytes."),
            Opt.Int("workerThreads", "5", "Worker threads."),
        ])
    {
        Support = SupportLevel.NotPlanned,
    };
}
