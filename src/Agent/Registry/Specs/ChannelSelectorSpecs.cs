using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>Channel selectors, configured under a source's <c>selector.</c> (reference §6.5).</summary>
public static class ChannelSelectorSpecs
{
    public static readonly ComponentSpec Replicating = new(
        ComponentKind.ChannelSelector,
        ["replicating"],
        ["org.apache.flume.channel.ReplicatingChannelSelector"],
        "Puts every event into all of the source's channels (the default selector).",
        [
            Opt.List("optional", null, "Channels whose failures are ignored."),
        ]);

    public static readonly ComponentSpec Multiplexing = new(
        ComponentKind.ChannelSelector,
        ["multiplexing"],
        ["org.apache.flume.channel.MultiplexingChannelSelector"],
        "Chooses channels by the value of one header.",
        [
            Opt.Str("header", "flume.selector.header", "Header whose value chooses the channels."),
            Opt.Prefix("mapping.", "mapping.<value> = channels for events with that header value (single spaces).", OptionType.List),
            Opt.List("default", null, "Channels for events whose value is missing or unmapped."),
            Opt.Prefix("optional.", "optional.<value> = channels whose failures are ignored for that value.", OptionType.List),
        ]);

    public static readonly ComponentSpec LoadBalancing = new(
        ComponentKind.ChannelSelector,
        ["load_balancing"],
        ["org.apache.flume.channel.LoadBalancingChannelSelector"],
        "Puts each event into one channel in turn; Flume 1.11 drops any source that uses it (its validation does not know the type).",
        [
            Opt.Enum("policy", "round_robin", "How the channel is chosen.", "round_robin", "random"),
        ]);
}
