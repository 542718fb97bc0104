using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>Sink processors, configured under a sink group's <c>processor.</c> (reference §6.6).</summary>
public static class SinkProcessorSpecs
{
    public static readonly ComponentSpec Default = new(
        ComponentKind.SinkProcessor,
        ["default"],
        ["org.apache.flume.sink.DefaultSinkProcessor"],
        "Runs exactly one sink.",
        []);

    public static readonly ComponentSpec Failover = new(
        ComponentKind.SinkProcessor,
        ["failover"],
        ["org.apache.flume.sink.FailoverSinkProcessor"],
        "Sends to the highest-priority working sink; a failed sink rests before it is tried again.",
        [
            Opt.Prefix("priority.", "priority.<sink> = number; higher is preferred, each must be distinct.", OptionType.Int),
            Opt.Int("maxpenalty", "30000", "Longest rest of a failed sink, in milliseconds.") with { FallsBackOnBadValue = true },
        ]);

    public static readonly ComponentSpec LoadBalance = new(
        ComponentKind.SinkProcessor,
        ["load_balance"],
        ["org.apache.flume.sink.LoadBalancingSinkProcessor"],
        "Spreads batches over two or more sinks.",
        [
            Opt.Bool("backoff", "false", "Rest a failed sink, doubling the rest up to selector.maxTimeOut."),
            Opt.Enum("selector", "round_robin", "Order in which sinks are tried.", "round_robin", "random") with { AcceptsClassName = true },
            Opt.Long("selector.maxTimeOut", "30000", "Longest rest of a failed sink, in milliseconds."),
        ]);
}
