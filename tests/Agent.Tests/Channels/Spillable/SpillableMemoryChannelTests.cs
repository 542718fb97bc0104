using System.Text;
using FlumeNet.Agent.Channels.Spillable;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Tests.Channels.Files;
using static FlumeNet.Agent.Tests.Channels.Files.FileChannelFixture;

namespace FlumeNet.Agent.Tests.Channels.Spillable;

public sealed class SpillableMemoryChannelTests : IDisposable
{
    private readonly FileChannelFixture _fx = new();
    private readonly List<SpillableMemoryChannel> _channels = [];

    public void Dispose()
    {
        foreach (var c in _channels)
        {
            c.Dispose();
        }
        _fx.Dispose();
    }

    private SpillableMemoryChannel Start(int memory, int overflow, long byteSlots = int.MaxValue)
    {
        var c = new SpillableMemoryChannel("c1", new SpillableSettings
        {
            MemoryCapacity = memory,
            OverflowCapacity = overflow,
            OverflowTimeout = TimeSpan.FromMilliseconds(50),
            ByteSlots = byteSlots,
            Overflow = _fx.Settings(overflow > 0 ? overflow : 1_000_000, 100) with { KeepAlive = TimeSpan.Zero },
        });
        c.Start();
        _channels.Add(c);
        return c;
    }

    private static List<string> TakeOneTransaction(SpillableMemoryChannel c, int max = 100)
    {
        var result = new List<string>();
        using var tx = c.BeginTransaction();
        while (result.Count < max && tx.Take() is { } e)
        {
            result.Add(Encoding.UTF8.GetString(e.Body));
        }
        tx.Commit();
        return result;
    }

    [Fact]
    public void BatchThatDoesNotFit_SpillsWhole_AndTakesKeepOneOrderAcrossStores()
    {
        var c = Start(memory: 3, overflow: 100);
        PutCommitted(c, "a", "b");
        PutCommitted(c, "c", "d"); // one slot left in memory: the whole batch spills
        PutCommitted(c, "e");      // spilling: no wait for memory, but the free slot takes it at once
        PutCommitted(c, "f");      // memory full and no wait while spilling: overflow
        Assert.Equal(3, c.MemoryCount);
        Assert.Equal(3, c.Overflow.Count);
        Assert.Equal(6, c.Counter.ChannelSize);
        // A take transaction stays in one store: it ends where the head switches store.
        Assert.Equal(["a", "b"], TakeOneTransaction(c));
        Assert.Equal(["c", "d"], TakeOneTransaction(c));
        Assert.Equal(["e"], TakeOneTransaction(c));
        Assert.Equal(["f"], TakeOneTransaction(c));
    }

    [Fact]
    public void SpillingStops_OnceMemoryHasFreedUp()
    {
        var c = Start(memory: 2, overflow: 100);
        PutCommitted(c, "a", "b", "c"); // larger than memory: spills
        Assert.Equal(["a", "b", "c"], TakeOneTransaction(c));
        PutCommitted(c, "d");
        Assert.Equal(1, c.MemoryCount);
    }

    [Fact]
    public void WithoutOverflow_ABatchThatDoesNotFit_IsRefusedAsFull()
    {
        var c = Start(memory: 2, overflow: 0);
        PutCommitted(c, "a");
        using var tx = c.BeginTransaction();
        tx.Put(Ev("b"));
        tx.Put(Ev("c"));
        Assert.Throws<ChannelFullException>(tx.Commit);
    }

    [Fact]
    public void FullOverflow_IsRefusedAsFull_AfterOneRetry()
    {
        var c = Start(memory: 1, overflow: 2);
        PutCommitted(c, "a", "b");
        using var tx = c.BeginTransaction();
        tx.Put(Ev("c"));
        tx.Put(Ev("d"));
        Assert.Throws<ChannelFullException>(tx.Commit);
    }

    [Fact]
    public void ByteCapacity_CountsAvgEventSizeSlots()
    {
        // 1200 bytes at avgEventSize 500 cost 3 slots; with 4 byte slots the second such event spills.
        var c = Start(memory: 100, overflow: 100, byteSlots: 4);
        using (var tx = c.BeginTransaction())
        {
            tx.Put(new FlumeEvent(new byte[1200]));
            tx.Commit();
        }
        using (var tx = c.BeginTransaction())
        {
            tx.Put(new FlumeEvent(new byte[1200]));
            tx.Commit();
        }
        Assert.Equal(1, c.MemoryCount);
        Assert.Equal(1, c.Overflow.Count);
    }

    [Fact]
    public void RolledBackTakes_ReturnToTheHeadOfTheirStore()
    {
        var c = Start(memory: 2, overflow: 100);
        PutCommitted(c, "a", "b", "c"); // overflow
        PutCommitted(c, "d");           // memory
        using (var tx = c.BeginTransaction())
        {
            tx.Take();
            tx.Take();
            tx.Rollback();
        }
        Assert.Equal(["a", "b", "c"], TakeOneTransaction(c));
        using (var tx = c.BeginTransaction())
        {
            tx.Take();
            tx.Rollback();
        }
        Assert.Equal(["d"], TakeOneTransaction(c));
    }

    [Fact]
    public void Restart_LosesMemory_AndTheOverflowComesFirst()
    {
        var c = Start(memory: 2, overflow: 100);
        PutCommitted(c, "m1");
        PutCommitted(c, "o1", "o2", "o3");
        c.Stop();
        _channels.Remove(c);
        var again = Start(memory: 2, overflow: 100);
        PutCommitted(again, "new");
        Assert.Equal(["o1", "o2", "o3"], TakeOneTransaction(again));
        Assert.Equal(["new"], TakeOneTransaction(again));
    }

    [Fact]
    public void EmptyChannel_TakeWaitsOverflowTimeout_ThenReturnsNull()
    {
        var c = Start(memory: 2, overflow: 10);
        using var tx = c.BeginTransaction();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Null(tx.Take());
        Assert.True(watch.ElapsedMilliseconds >= 40);
    }

    [Fact]
    public void Counters_CountBothStores()
    {
        var c = Start(memory: 1, overflow: 10);
        PutCommitted(c, "a");
        PutCommitted(c, "b", "c");
        TakeOneTransaction(c);
        TakeOneTransaction(c);
        Assert.Equal(3, c.Counter.EventPutSuccessCount);
        Assert.Equal(3, c.Counter.EventTakeSuccessCount);
        Assert.Equal(0, c.Counter.ChannelSize);
        Assert.Equal(11, c.Counter.Capacity);
    }
}
