using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Tests.Channels;

public sealed class MemoryChannelTests : ChannelContractTests
{
    protected override IChannel Create(int capacity, int transactionCapacity) =>
        new MemoryChannel("c1", new MemoryChannelOptions(capacity, transactionCapacity, TimeSpan.FromMilliseconds(50)));

    [Fact]
    public void ByteCapacity_CountsHundredByteSlots()
    {
        // Flume's TestMemoryChannel: byteCapacity 2000, buffer 20 % -> 16 slots; a 405-byte body takes 5.
        var c = new MemoryChannel("c1", new MemoryChannelOptions(100, 100, TimeSpan.FromMilliseconds(50), 2000, 20));
        var body = new byte[405];
        using (var tx = c.BeginTransaction())
        {
            for (var i = 0; i < 3; i++)
            {
                tx.Put(new FlumeEvent(body));
            }
            tx.Commit();
        }
        using var tx2 = c.BeginTransaction();
        tx2.Put(new FlumeEvent(body));
        tx2.Put(new FlumeEvent(body));
        var ex = Assert.Throws<ChannelException>(tx2.Commit);
        Assert.IsNotType<ChannelFullException>(ex);
    }

    [Fact]
    public void Counters_FollowFlumeSemantics()
    {
        var c = (MemoryChannel)Create(10, 10);
        PutCommitted(c, "a", "b");
        using (var tx = c.BeginTransaction())
        {
            tx.Take();
            tx.Take();
            tx.Take(); // empty: an attempt, not a success
            tx.Commit();
        }
        Assert.Equal(2, c.Counter.EventPutAttemptCount);
        Assert.Equal(2, c.Counter.EventPutSuccessCount);
        Assert.Equal(3, c.Counter.EventTakeAttemptCount);
        Assert.Equal(2, c.Counter.EventTakeSuccessCount);
        Assert.Equal(0, c.Counter.ChannelSize);
    }

    [Fact]
    public void TakenButUncommittedEvents_KeepTheirSlots()
    {
        var c = (MemoryChannel)Create(2, 2);
        PutCommitted(c, "a", "b");
        using var taker = c.BeginTransaction();
        taker.Take();
        var putter = c.BeginTransaction();
        putter.Put(Ev("c"));
        Assert.Throws<ChannelFullException>(putter.Commit);
        putter.Dispose();
        taker.Rollback();
        Assert.Equal(["a", "b"], TakeCommitted(c, 2));
    }

    [Fact]
    public void Reconfigure_KeepsQueuedEvents()
    {
        var c = (MemoryChannel)Create(10, 10);
        PutCommitted(c, "a", "b");
        Assert.True(c.Reconfigure(new MemoryChannelOptions(20, 20, TimeSpan.FromMilliseconds(50))));
        Assert.False(c.Reconfigure(new MemoryChannelOptions(1, 1, TimeSpan.FromMilliseconds(50))));
        Assert.Equal(["a", "b"], TakeCommitted(c, 5));
    }
}
