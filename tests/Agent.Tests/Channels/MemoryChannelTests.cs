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
    [Fact]
    public void BatchCalls_CountAsPerEventCallsWould()
    {
        // The same work through Put/Take and through PutBatch/TakeBatch: Flume's counters must not tell them apart.
        var perEvent = (MemoryChannel)Create(10, 3);
        var batched = (MemoryChannel)Create(10, 3);
        PutCommitted(perEvent, "a", "b");
        using (var tx = batched.BeginTransaction())
        {
            tx.PutBatch([Ev("a"), Ev("b")]);
            tx.Commit();
        }
        using (var tx = perEvent.BeginTransaction())
        {
            while (tx.Take() is not null)
            {
            }
            tx.Commit();
        }
        using (var tx = batched.BeginTransaction())
        {
            tx.TakeBatch([], 3);
            tx.Commit();
        }
        // A batch bigger than the transaction capacity: three attempts fit, the fourth throws.
        using (var tx = perEvent.BeginTransaction())
        {
            Assert.Throws<ChannelException>(() =>
            {
                foreach (var b in new[] { "1", "2", "3", "4" })
                {
                    tx.Put(Ev(b));
                }
            });
        }
        using (var tx = batched.BeginTransaction())
        {
            Assert.Throws<ChannelException>(() => tx.PutBatch([Ev("1"), Ev("2"), Ev("3"), Ev("4")]));
        }
        Assert.Equal(perEvent.Counter.EventPutAttemptCount, batched.Counter.EventPutAttemptCount);
        Assert.Equal(perEvent.Counter.EventPutSuccessCount, batched.Counter.EventPutSuccessCount);
        Assert.Equal(perEvent.Counter.EventTakeAttemptCount, batched.Counter.EventTakeAttemptCount);
        Assert.Equal(perEvent.Counter.EventTakeSuccessCount, batched.Counter.EventTakeSuccessCount);
        Assert.Equal(6, batched.Counter.EventPutAttemptCount);
        Assert.Equal(3, batched.Counter.EventTakeAttemptCount);
    }

    [Fact]
    public void TakeBatchBeyondTransactionCapacity_Throws_AndRollbackKeepsEverything()
    {
        var c = (MemoryChannel)Create(10, 2);
        PutCommitted(c, "a", "b");
        PutCommitted(c, "c");
        using (var tx = c.BeginTransaction())
        {
            Assert.Throws<ChannelException>(() => tx.TakeBatch([], 3));
        }
        Assert.Equal(3, c.Count);
        Assert.Equal(["a", "b"], TakeCommitted(c, 2));
    }

    [Fact]
    public void TakeBatch_TakesAnEventPutWhileItWaits_AndReturnsAtInterrupt()
    {
        var c = new MemoryChannel("c1", new MemoryChannelOptions(10, 10, TimeSpan.FromSeconds(30)));
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var into = new List<FlumeEvent>();
        var taker = Worker(failures, () =>
        {
            using var tx = c.BeginTransaction();
            // Takes what is there, then waits (keep-alive 30 s) until the interrupt below.
            tx.TakeBatch(into, 10);
            tx.Commit();
        });
        taker.Start();
        PutCommitted(c, "late");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (c.Counter.EventTakeSuccessCount == 0 && DateTime.UtcNow < deadline && taker.IsAlive)
        {
            c.InterruptTakers();
            Thread.Sleep(10);
        }
        Assert.True(taker.Join(TimeSpan.FromSeconds(60)), "the batch take did not return after the interrupt");
        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures));
        Assert.Equal(["late"], into.ConvertAll(BodyOf));
    }

    [Fact]
    public void StoredPuts_OfTwoSinksCommittingOutOfOrder_WaitsForTheSlowerOne()
    {
        // Two sinks on one channel: B's commit of later events must not count A's still-held events as stored.
        var c = (MemoryChannel)Create(100, 10);
        PutCommitted(c, "1", "2", "3", "4", "5", "6");
        var a = c.BeginTransaction();
        var b = c.BeginTransaction();
        Assert.Equal(3, a.TakeBatch([], 3));
        Assert.Equal(3, b.TakeBatch([], 3));
        b.Commit();
        Assert.Equal(3, c.Counter.EventTakeSuccessCount); // what the counter alone would have called stored
        Assert.Equal(0, c.StoredPuts);
        a.Commit();
        Assert.Equal(6, c.StoredPuts);
        Assert.Equal(6, c.CommittedPuts);
    }

    [Fact]
    public void StoredPuts_AfterRollbacksInEitherOrder_CountsOnlyAnUnbrokenPrefix()
    {
        var c = (MemoryChannel)Create(100, 10);
        PutCommitted(c, "1", "2", "3", "4", "5", "6");
        var a = c.BeginTransaction();
        var b = c.BeginTransaction();
        a.TakeBatch([], 3);
        b.TakeBatch([], 3);
        // A rolls back first, then B: the queue holds 4-6 before 1-3, as Flume's putFirst leaves it.
        a.Rollback();
        b.Rollback();
        var first = new List<FlumeEvent>();
        using (var tx = c.BeginTransaction())
        {
            tx.TakeBatch(first, 3);
            tx.Commit();
        }
        Assert.Equal(["4", "5", "6"], first.Select(e => System.Text.Encoding.UTF8.GetString(e.Body)));
        Assert.Equal(0, c.StoredPuts);
        PutCommitted(c, "7");
        using (var tx = c.BeginTransaction())
        {
            Assert.Equal(3, tx.TakeBatch([], 3));
            tx.Commit();
        }
        Assert.Equal(6, c.StoredPuts);
        using (var tx = c.BeginTransaction())
        {
            tx.Take();
            tx.Commit();
        }
        Assert.Equal(7, c.StoredPuts);
    }

    [Fact]
    public void DeepQueue_GivesBackEqualEventsInOrder_ThroughRollbacks_AndCountsAsBefore()
    {
        // Beyond MemoryChannel.CompactAbove queued events, bodies are kept in chunks: what comes out must be the same.
        var c = new MemoryChannel("c1", new MemoryChannelOptions(20_000, 1000, TimeSpan.FromMilliseconds(50)));
        var sent = 0;
        for (var b = 0; b < 10; b++)
        {
            using var tx = c.BeginTransaction();
            var batch = new FlumeEvent[1000];
            for (var i = 0; i < batch.Length; i++, sent++)
            {
                batch[i] = new FlumeEvent(System.Text.Encoding.ASCII.GetBytes($"event {sent} " + new string('x', sent % 300)));
                if (sent % 7 == 0)
                {
                    batch[i].Headers["n"] = sent.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            tx.PutBatch(batch);
            tx.Commit();
        }
        var got = new List<FlumeEvent>();
        var taken = new List<FlumeEvent>();
        var round = 0;
        while (got.Count < sent)
        {
            using var tx = c.BeginTransaction();
            taken.Clear();
            tx.TakeBatch(taken, 700);
            if (round++ % 3 == 0)
            {
                tx.Rollback(); // back to the head, in order
                continue;
            }
            tx.Commit();
            got.AddRange(taken);
        }
        for (var i = 0; i < sent; i++)
        {
            Assert.Equal($"event {i} " + new string('x', i % 300), System.Text.Encoding.ASCII.GetString(got[i].Body));
            Assert.Equal(i % 7 == 0 ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : null, got[i].Header("n"));
        }
        Assert.Equal(0, c.Count);
        Assert.Equal(sent, c.Counter.EventPutSuccessCount);
        Assert.Equal(sent, c.Counter.EventTakeSuccessCount);
        Assert.Equal(0, c.Counter.ChannelSize);
        Assert.Equal(sent, c.StoredPuts);
    }
}

