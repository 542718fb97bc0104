using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Selectors;
using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;

namespace FlumeNet.Agent.Tests.Selectors;

/// <summary>Flume's TestReplicatingChannelSelector and TestMultiplexingChannelSelector, as facts.</summary>
public sealed class ChannelSelectorTests
{
    private static readonly IChannel[] Channels =
        [.. new[] { "ch1", "ch2", "ch3", "ch4" }.Select(n => new MemoryChannel(n, new MemoryChannelOptions()))];

    private static BoundOptions Options(FlumeNet.ConfigParser.Specs.ComponentSpec spec, params (string Key, string Value)[] props) =>
        new("r1", [.. props.Select(p => new ConfigProperty(p.Key, p.Value, "a1.sources.r1.selector." + p.Key, SourceLocation.None))], spec);

    private static string Names(IReadOnlyList<IChannel> channels) => string.Join(' ', channels.Select(c => c.Name));

    private static FlumeEvent Ev(string? header)
    {
        var e = new FlumeEvent([]);
        if (header is not null)
        {
            e.Headers["myheader"] = header;
        }
        return e;
    }

    [Fact]
    public void Replicating_AllChannelsRequired_NoneOptional()
    {
        var s = new ReplicatingChannelSelector(Channels, new HashSet<string>());
        Assert.Equal("ch1 ch2 ch3 ch4", Names(s.RequiredChannels(Ev(null))));
        Assert.Empty(s.OptionalChannels(Ev(null)));
    }

    [Fact]
    public void Replicating_OptionalChannels_AreNotRequired()
    {
        var s = new ReplicatingChannelSelector(Channels, new HashSet<string> { "ch2", "ch4" });
        Assert.Equal("ch1 ch3", Names(s.RequiredChannels(Ev(null))));
        Assert.Equal("ch2 ch4", Names(s.OptionalChannels(Ev(null))));
    }

    [Fact]
    public void Multiplexing_MapsHeaderValues_FallsBackToDefault()
    {
        var s = MultiplexingBinding.Create(Options(ChannelSelectorSpecs.Multiplexing,
            ("header", "myheader"), ("mapping.foo", "ch1 ch2"), ("mapping.bar", "ch2 ch3"), ("mapping.xyz", "ch1 ch2 ch3"),
            ("default", "ch4")), Channels);
        Assert.Equal("ch1 ch2", Names(s.RequiredChannels(Ev("foo"))));
        Assert.Equal("ch2 ch3", Names(s.RequiredChannels(Ev("bar"))));
        Assert.Equal("ch1 ch2 ch3", Names(s.RequiredChannels(Ev("xyz"))));
        Assert.Equal("ch4", Names(s.RequiredChannels(Ev("unmapped"))));
        Assert.Equal("ch4", Names(s.RequiredChannels(Ev(null))));
        Assert.Equal("ch4", Names(s.RequiredChannels(Ev("FOO"))));
    }

    [Fact]
    public void Multiplexing_OptionalChannels_ExcludeTheRequiredOnes()
    {
        var s = MultiplexingBinding.Create(Options(ChannelSelectorSpecs.Multiplexing,
            ("header", "myheader"), ("mapping.foo", "ch1 ch2"), ("optional.foo", "ch2 ch3"), ("default", "ch4"),
            ("optional.zebra", "ch4 ch1")), Channels);
        Assert.Equal("ch3", Names(s.OptionalChannels(Ev("foo"))));
        Assert.Equal("ch1", Names(s.OptionalChannels(Ev("zebra"))));
        Assert.Empty(s.OptionalChannels(Ev("other")));
    }

    [Fact]
    public void Multiplexing_WithoutDefault_HasNoRequiredChannelForUnmappedValues()
    {
        var s = MultiplexingBinding.Create(Options(ChannelSelectorSpecs.Multiplexing, ("header", "myheader"), ("mapping.foo", "ch1")), Channels);
        Assert.Empty(s.RequiredChannels(Ev("bar")));
    }
}
