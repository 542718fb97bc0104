using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>The syslog sources (reference §6.1). Flume's code requires only the port; the docs also mark host required.</summary>
public static class SyslogSourceSpecs
{
    private const string KeepFieldsText =
        "Syslog header fields kept in the body: none, all, or a list of priority version timestamp hostname (true/false are old forms).";

    public static readonly ComponentSpec SyslogTcp = new(
        ComponentKind.Source,
        ["syslogtcp"],
        ["org.apache.flume.source.SyslogTcpSource"],
        "Receives syslog messages over TCP, one per line.",
        [
            Opt.Str("host", null, "Host name or IP address to listen on (all interfaces when unset)."),
            Opt.Port("port", null, "TCP port to listen on.") with { Required = true },
            Opt.Int("eventSize", "2500", "Longest message, in bytes."),
            Opt.Str("keepFields", "none", KeepFieldsText),
            Opt.Str("clientIPHeader", null, "Header to store the client's IP address in."),
            Opt.Str("clientHostnameHeader", null, "Header to store the client's host name in."),
            .. SharedOptions.ServerSsl(),
        ])
    {
        SetsTimestamp = TimestampHeader.Maybe,
    };

    public static readonly ComponentSpec MultiportSyslogTcp = new(
        ComponentKind.Source,
        ["multiport_syslogtcp"],
        ["org.apache.flume.source.MultiportSyslogTCPSource"],
        "Receives syslog messages over TCP on several ports.",
        [
            Opt.Str("host", null, "Host name or IP address to listen on (all interfaces when unset)."),
            Opt.List("ports", null, "TCP ports to listen on, space-separated.") with { Required = true },
            Opt.Int("eventSize", "2500", "Longest message, in bytes."),
            Opt.Str("keepFields", "none", KeepFieldsText),
            Opt.Str("portHeader", null, "Header to store the receiving port in."),
            Opt.Str("clientIPHeader", null, "Header to store the client's IP address in."),
            Opt.Str("clientHostnameHeader", null, "Header to store the client's host name in."),
            Opt.Str("charset.default", "UTF-8", "Character set of the messages."),
            Opt.Prefix("charset.port.", "Character set for one port: charset.port.<port> = <charset>."),
            Opt.Int("batchSize", "100", "Most events per channel transaction."),
            Opt.Int("readBufferBytes", "1024", "Size of the read buffer, in bytes (this agent reads at least 64 KiB at a time)."),
            Opt.Int("readBufferSize", null, "The documented name of readBufferBytes.") with
            {
                IgnoredBecause = "Flume 1.11 reads 'readBufferBytes', not the documented 'readBufferSize'",
            },
            Opt.Int("numProcessors", "number of CPUs + 1", "MINA I/O processor threads.") with
            {
                IgnoredBecause = "connections are served by the .NET thread pool",
            },
            .. SharedOptions.ServerSsl(),
        ])
    {
        BatchSizeKey = "batchSize",
        SetsTimestamp = TimestampHeader.Maybe,
    };

    public static readonly ComponentSpec SyslogUdp = new(
        ComponentKind.Source,
        ["syslogudp"],
        ["org.apache.flume.source.SyslogUDPSource"],
        "Receives syslog messages over UDP, one per datagram.",
        [
            Opt.Str("host", null, "Host name or IP address to listen on (all interfaces when unset)."),
            Opt.Port("port", null, "UDP port to listen on.") with { Required = true },
            Opt.Str("keepFields", "none", KeepFieldsText + " The docs give the default as false."),
            Opt.Str("clientIPHeader", null, "Header to store the client's IP address in."),
            Opt.Str("clientHostnameHeader", null, "Header to store the client's host name in."),
        ])
    {
        SetsTimestamp = TimestampHeader.Maybe,
    };
}
