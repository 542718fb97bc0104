using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>Flume's simple sources: generators, netcat and exec (reference §5, §6.1).</summary>
public static class SourceSpecs
{
    public static readonly ComponentSpec Seq = new(
        ComponentKind.Source,
        ["seq"],
        ["org.apache.flume.source.SequenceGeneratorSource"],
        "Generates events whose bodies count up from 0; for testing.",
        [
            Opt.Int("batchSize", "1", "Events per channel transaction.", min: 1),
            Opt.Long("totalEvents", "Long.MAX_VALUE", "Stop after this many events."),
            .. SharedOptions.PollableBackoff(),
        ])
    {
        BatchSizeKey = "batchSize",
    };

    public static readonly ComponentSpec Stress = new(
        ComponentKind.Source,
        [],
        ["org.apache.flume.source.StressSource"],
        "Generates fixed-size events as fast as allowed; for load tests.",
        [
            Opt.Int("size", "500", "Body size of each event, in bytes."),
            Opt.Long("maxTotalEvents", "-1", "Stop after this many attempted events (-1 = never)."),
            Opt.Long("maxSuccessfulEvents", "-1", "Stop after this many delivered events (-1 = never)."),
            Opt.Int("batchSize", "1", "Events per channel transaction."),
            Opt.Int("maxEventsPerSecond", "0", "Rate limit (0 = unlimited)."),
            .. SharedOptions.PollableBackoff(),
        ])
    {
        BatchSizeKey = "batchSize",
    };

    public static readonly ComponentSpec Netcat = new(
        ComponentKind.Source,
        ["netcat"],
        ["org.apache.flume.source.NetcatSource"],
        "Listens on TCP; one event per newline-terminated line, each acknowledged with OK.",
        [
            Opt.Str("bind", null, "Host name or IP address to listen on.") with { Required = true },
            Opt.Port("port", null, "TCP port to listen on.") with { Required = true, CheckedAtStart = "binding the port" },
            Opt.Int("max-line-length", "512", "Longest line accepted, in characters; longer lines are answered with FAILED."),
            Opt.Bool("ack-every-event", "true", "Answer OK for every event received."),
            Opt.Str("encoding", "utf-8", "Character set of the lines (undocumented in Flume)."),
            Opt.Int("batchSize", "100", "Most lines already received that are committed together (FlumeNet; Flume commits each line alone); capped at the channels' transactionCapacity.", min: 1),
        ]);

    public static readonly ComponentSpec NetcatUdp = new(
        ComponentKind.Source,
        ["netcatudp"],
        ["org.apache.flume.source.NetcatUdpSource"],
        "Listens on UDP; one event per datagram.",
        [
            Opt.Str("bind", null, "Host name or IP address to listen on (all interfaces when unset)."),
            Opt.Port("port", null, "UDP port to listen on.") with { Required = true },
            Opt.Str("remoteAddress", null, "Header to store the sender's address in (the key Flume 1.11 actually reads)."),
            Opt.Str("remoteAddressHeader", null, "The documented name of remoteAddress.") with
            {
                IgnoredBecause = "Flume 1.11 reads 'remoteAddress', not the documented 'remoteAddressHeader'",
            },
        ]);

    public static readonly ComponentSpec Exec = new(
        ComponentKind.Source,
        ["exec"],
        ["org.apache.flume.source.ExecSource"],
        "Runs a command and turns each line of its standard output into an event; no delivery guarantee.",
        [
            Opt.Str("command", null, "The command to run.") with { Required = true },
            Opt.Str("shell", null, "Shell to run the command with, e.g. /bin/sh -c (none: the command is split on spaces)."),
            Opt.Long("restartThrottle", "10000", "Milliseconds to wait before restarting the command."),
            Opt.Bool("restart", "false", "Restart the command when it exits."),
            Opt.Bool("logStdErr", "false", "Log the command's standard error."),
            Opt.Int("batchSize", "20", "Lines per channel transaction."),
            Opt.Long("batchTimeout", "3000", "Milliseconds to wait before sending a partial batch."),
            Opt.Str("charset", "UTF-8", "Character set of the command's output (undocumented in Flume)."),
        ])
    {
        BatchSizeKey = "batchSize",
    };
}
