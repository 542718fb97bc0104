using FlumeNet.Agent.Channels.Spillable;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Tests.Channels.Files;

namespace FlumeNet.Agent.Tests.Channels.Spillable;

/// <summary>The channel contract, with room split between memory and overflow so both stores take part.</summary>
public sealed class SpillableContractTests : ChannelContractTests, IDisposable
{
    private readonly FileChannelFixture _fx = new();
    private readonly List<SpillableMemoryChannel> _channels = [];

    protected override IChannel Create(int capacity, int transactionCapacity)
    {
        // Small channels: a third in memory, the rest on disk, short waits. The concurrency test (capacity 1000) gets
        // an overflow that cannot fill up, so producers never wait out a full channel.
        var memory = Math.Max(1, capacity / 3);
        var big = capacity >= 1000;
        var c = new SpillableMemoryChannel("c1", new SpillableSettings
        {
            MemoryCapacity = memory,
            OverflowCapacity = big ? capacity * 100 : capacity - memory,
            OverflowTimeout = TimeSpan.FromMilliseconds(big ? 500 : 50),
            Overflow = _fx.Settings(big ? capacity * 100 : capacity - memory, transactionCapacity) with { KeepAlive = TimeSpan.Zero },
        });
        c.Start();
        _channels.Add(c);
        return c;
    }

    public void Dispose()
    {
        foreach (var c in _channels)
        {
            c.Dispose();
        }
        _fx.Dispose();
    }
}
