using System.Text;
using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Selectors;

namespace FlumeNet.Agent.Tests.Core;

/// <summary>ChannelProcessor (reference §8.2): interceptors first, one transaction per channel, required vs optional failures.</summary>
public sealed class ChannelProcessorTests
{
    private static MemoryChannel Channel(string name, int capacity = 100) =>
        new(name, new MemoryChannelOptions(capacity, capacity, TimeSpan.FromMilliseconds(20)));

    private static List<FlumeEvent> Batch(params string[] bodies) => [.. bodies.Select(b => new FlumeEvent(Encoding.UTF8.GetBytes(b)))];

    private static List<string> Drain(MemoryChannel c)
    {
        var result = new List<string>();
        using var tx = c.BeginTransaction();
        while (result.Count < c.Options.TransactionCapacity && tx.Take() is { } e)
        {
            result.Add(Encoding.UTF8.GetString(e.Body));
        }
        tx.Commit();
        return result;
    }

    private sealed class DropOdd : IInterceptor
    {
        public FlumeEvent? Intercept(FlumeEvent e) => (Encoding.UTF8.GetString(e.Body)[^1] - '0') % 2 == 1 ? null : e;
    }

    [Fact]
    public void Replicating_PutsTheBatchInEveryChannel_AfterInterceptors()
    {
        var c1 = Channel("c1");
        var c2 = Channel("c2");
        var p = new ChannelProcessor(new ReplicatingChannelSelector([c1, c2], new HashSet<string>()), [new DropOdd()]);
        p.ProcessBatch(Batch("e0", "e1", "e2", "e3"));
        Assert.Equal(["e0", "e2"], Drain(c1));
        Assert.Equal(["e0", "e2"], Drain(c2));
    }

    [Fact]
    public void FullRequiredChannel_FailsTheBatch_FullOptionalChannel_DoesNot()
    {
        var required = Channel("req", capacity: 2);
        var optional = Channel("opt", capacity: 2);
        var p = new ChannelProcessor(new ReplicatingChannelSelector([required, optional], new HashSet<string> { "opt" }), []);
        p.ProcessBatch(Batch("a", "b"));
        Assert.Throws<ChannelFullException>(() => p.ProcessBatch(Batch("c")));
        Assert.Equal(["a", "b"], Drain(required));
        p.ProcessBatch(Batch("d"));
        Assert.Equal(["d"], Drain(required));
        Assert.Equal(["a", "b"], Drain(optional));
    }

    [Fact]
    public void Multiplexing_GroupsEventsPerChannel_KeepingOrder()
    {
        var us = Channel("us");
        var eu = Channel("eu");
        var selector = new MultiplexingChannelSelector([us, eu], "region",
            new Dictionary<string, IChannel[]> { ["us"] = [us], ["eu"] = [eu] }, [us], []);
        var p = new ChannelProcessor(selector, []);
        var batch = Batch("1", "2", "3", "4");
        batch[1].Headers["region"] = "eu";
        batch[3].Headers["region"] = "eu";
        batch[2].Headers["region"] = "us";
        p.ProcessBatch(batch);
        Assert.Equal(["1", "3"], Drain(us));
        Assert.Equal(["2", "4"], Drain(eu));
    }
}
