using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>Flume's core sinks: null, logger, file_roll, RPC (avro, thrift), http and irc (reference §5, §6.3).</summary>
public static class SinkSpecs
{
    private const string KerberosIgnored = "Kerberos (SASL) is not supported by this agent";

    public static readonly ComponentSpec Null = new(
        ComponentKind.Sink,
        ["null"],
        ["org.apache.flume.sink.NullSink"],
        "Discards every event.",
        [
            Opt.Int("batchSize", "100", "Events taken per transaction.", min: 1),
            Opt.Int("logEveryNEvents", "10000", "Log a count after this many events (undocumented in Flume).", min: 1),
        ])
    {
        BatchSizeKey = "batchSize",
    };

    public static readonly ComponentSpec Logger = new(
        ComponentKind.Sink,
        ["logger"],
        ["org.apache.flume.sink.LoggerSink"],
        "Logs each event's headers and the start of its body at INFO; for debugging.",
        [
            Opt.Int("maxBytesToLog", "16", "Most body bytes logged per event (Flume 1.11 never applies it and always logs 16).") with
            {
                IgnoredBecause = "Flume 1.11 builds the logger sink without reading any of its options (it always logs 16 bytes), and so does this agent",
                NeverRead = true,
            },
        ]);

    public static readonly ComponentSpec FileRoll = new(
        ComponentKind.Sink,
        ["file_roll"],
        ["org.apache.flume.sink.RollingFileSink"],
        "Writes events to files in a local directory, starting a new file at each roll interval.",
        [
            Opt.Path("sink.directory", null, "Directory to write the files in.") with { Required = true },
            Opt.Enum("sink.pathManager", "DEFAULT", "How file names are made.", "DEFAULT", "ROLLTIME") with { AcceptsClassName = true },
            Opt.Str("sink.pathManager.extension", null, "File name extension."),
            Opt.Str("sink.pathManager.prefix", null, "File name prefix."),
            Opt.Long("sink.rollInterval", "30", "Seconds between new files (0 = one file forever)."),
            Opt.Int("sink.batchSize", "100", "Events taken per transaction."),
        ])
    {
        BatchSizeKey = "sink.batchSize",
        Slots = [new SubComponentSlot("sink.serializer", "sink.serializer.", ComponentKind.Serializer, "TEXT") { LoadedAtStart = "its start" }],
    };

    public static readonly ComponentSpec Avro = new(
        ComponentKind.Sink,
        ["avro"],
        ["org.apache.flume.sink.AvroSink"],
        "Sends events to a Flume avro source (the usual agent-to-agent hop).",
        [
            Opt.Str("hostname", null, "Host of the avro source.") with { Required = true },
            Opt.Port("port", null, "Port of the avro source.") with { Required = true },
            Opt.Int("batch-size", "100", "Events sent per request and taken per transaction.") with { FallsBackOnBadValue = true },
            Opt.Long("connect-timeout", "20000", "Milliseconds allowed for the first handshake.") with { FallsBackOnBadValue = true },
            Opt.Long("request-timeout", "20000", "Milliseconds allowed for a request."),
            Opt.Int("reset-connection-interval", "0", "Seconds after which the connection is rebuilt (0 = never)."),
            Opt.Str("compression-type", "none", "deflate to compress requests (must match the source)."),
            Opt.Int("compression-level", "6", "Deflate level, 0 to 9."),
            .. SharedOptions.ClientSsl(),
            Opt.Int("maxIoWorkers", "2 x CPUs", "I/O threads of the client.") with
            {
                IgnoredBecause = "Flume 1.11 ignores maxIoWorkers too (it only logs that it is no longer supported)",
            },
            Opt.Enum("client.type", "default", "RPC client: default (one host), default_failover or default_loadbalance (over hosts), or thrift.",
                "default", "default_failover", "default_loadbalance", "thrift"),
            Opt.List("hosts", null, "Space-separated host aliases for the failover/load-balancing clients (overrides hostname:port)."),
            Opt.Prefix("hosts.", "hosts.<alias> = host:port of each alias in hosts."),
            Opt.Int("max-attempts", null, "Failover client: hosts tried per batch (all hosts when unset)."),
            Opt.Enum("host-selector", "round_robin", "Load-balancing client: order in which hosts are tried.", "round_robin", "random"),
            Opt.Bool("backoff", "false", "Load-balancing client: skip a failed host for a doubling time."),
            Opt.Long("maxBackoff", "0", "Load-balancing client: longest skip of a failed host in ms (0 = 30 s)."),
        ])
    {
        BatchSizeKey = "batch-size",
    };

    public static readonly ComponentSpec Thrift = new(
        ComponentKind.Sink,
        ["thrift"],
        ["org.apache.flume.sink.ThriftSink"],
        "Sends events to a Flume thrift source or another Thrift server.",
        [
            Opt.Str("hostname", null, "Host of the thrift source.") with { Required = true },
            Opt.Port("port", null, "Port of the thrift source.") with { Required = true },
            Opt.Int("batch-size", "100", "Events sent per request and taken per transaction."),
            Opt.Long("connect-timeout", "20000", "Milliseconds allowed for the first handshake."),
            Opt.Long("request-timeout", "20000", "Milliseconds allowed for a request."),
            Opt.Int("reset-connection-interval", "0", "Seconds after which the connection is rebuilt (0 = never)."),
            Opt.Int("connection-reset-interval", null, "The documented name of reset-connection-interval.") with
            {
                IgnoredBecause = "Flume 1.11 reads 'reset-connection-interval', not the documented 'connection-reset-interval'",
            },
            Opt.Enum("protocol", "compact", "Thrift protocol; only exactly 'binary' selects binary, as in Flume.", "compact", "binary"),
            .. SharedOptions.ClientSsl(),
            Opt.Bool("kerberos", "false", "Authenticate with Kerberos.") with { IgnoredBecause = KerberosIgnored },
            Opt.Str("client-principal", null, "Kerberos principal of this agent.") with { IgnoredBecause = KerberosIgnored },
            Opt.Path("client-keytab", null, "Keytab of the client principal.") with { IgnoredBecause = KerberosIgnored },
            Opt.Str("server-principal", null, "Kerberos principal of the thrift source.") with { IgnoredBecause = KerberosIgnored },
        ])
    {
        BatchSizeKey = "batch-size",
    };

    public static readonly ComponentSpec Http = new(
        ComponentKind.Sink,
        ["http"],
        ["org.apache.flume.sink.http.HttpSink"],
        "POSTs each event's body to an HTTP endpoint; status codes decide backoff, rollback and counting.",
        [
            Opt.Str("endpoint", null, "URL to POST to.") with { Required = true },
            Opt.Int("connectTimeout", "5000", "Milliseconds allowed to connect.", min: 1),
            Opt.Int("requestTimeout", "5000", "Milliseconds allowed for the request after connecting.", min: 1),
            Opt.Str("contentTypeHeader", "text/plain", "Content-Type of the requests."),
            Opt.Str("acceptHeader", "text/plain", "Accept header of the requests."),
            Opt.Bool("defaultBackoff", "true", "Back off after a status not configured under backoff."),
            Opt.Bool("defaultRollback", "true", "Roll back after a status not configured under rollback."),
            Opt.Bool("defaultIncrementMetrics", "false", "Count events for a status not configured under incrementMetrics."),
            Opt.Prefix("backoff.", "backoff.<status or class such as 2XX> = true|false.", OptionType.Bool),
            Opt.Prefix("rollback.", "rollback.<status or class> = true|false.", OptionType.Bool),
            Opt.Prefix("incrementMetrics.", "incrementMetrics.<status or class> = true|false.", OptionType.Bool),
        ]);

    public static readonly ComponentSpec Irc = new(
        ComponentKind.Sink,
        ["irc"],
        ["org.apache.flume.sink.irc.IRCSink"],
        "Posts event bodies to an IRC channel.",
        [
            Opt.Str("hostname", null, "IRC server.") with { Required = true },
            Opt.Port("port", "6667", "IRC server port."),
            Opt.Str("nick", null, "Nick name.") with { Required = true },
            Opt.Str("user", null, "User name."),
            Opt.Secret("password", "Server password."),
            Opt.Str("chan", null, "Channel to post to.") with { Required = true },
            Opt.Str("name", null, "Real name."),
            Opt.Bool("splitlines", "false", "Split bodies into several messages."),
            Opt.Str("splitchars", "\\n", "Line separator used with splitlines."),
        ]);
}
