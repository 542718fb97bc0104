using System.Text;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Tests.Channels;

/// <summary>What every channel implementation must do (Flume's Transaction contract). Derive once per channel type.</summary>
public abstract class ChannelContractTests
{
    /// <summary>A channel with room for <paramref name="capacity"/> events and transactions of <paramref name="transactionCapacity"/>.</summary>
    protected abstract IChannel Create(int capacity, int transactionCapacity);

    protected static FlumeEvent Ev(string body) => new(Encoding.UTF8.GetBytes(body));

    protected static string BodyOf(FlumeEvent? e) => e is null ? "<null>" : Encoding.UTF8.GetString(e.Body);

    protected static void PutCommitted(IChannel channel, params string[] bodies)
    {
        using var tx = channel.BeginTransaction();
        foreach (var b in bodies)
        {
            tx.Put(Ev(b));
        }
        tx.Commit();
    }

    protected static List<string> TakeCommitted(IChannel channel, int max)
    {
        var result = new List<string>();
        using var tx = channel.BeginTransaction();
        for (var i = 0; i < max; i++)
        {
            var e = tx.Take();
            if (e is null)
            {
                break;
            }
            result.Add(BodyOf(e));
        }
        tx.Commit();
        return result;
    }

    [Fact]
    public void CommittedPuts_AreTakenInOrder()
    {
        var c = Create(10, 10);
        PutCommitted(c, "a", "b", "c");
        Assert.Equal(["a", "b", "c"], TakeCommitted(c, 3));
    }

    [Fact]
    public void UncommittedPuts_AreInvisible_AndDiscardedOnRollback()
    {
        var c = Create(10, 10);
        using (var tx = c.BeginTransaction())
        {
            tx.Put(Ev("lost"));
        }
        PutCommitted(c, "kept");
        Assert.Equal(["kept"], TakeCommitted(c, 5));
    }

    [Fact]
    public void Rollback_ReturnsTakenEventsToHead()
    {
        var c = Create(10, 10);
        PutCommitted(c, "a", "b", "c");
        using (var tx = c.BeginTransaction())
        {
            Assert.Equal("a", BodyOf(tx.Take()));
            Assert.Equal("b", BodyOf(tx.Take()));
            tx.Rollback();
        }
        Assert.Equal(["a", "b", "c"], TakeCommitted(c, 5));
    }

    [Fact]
    public void DisposeWithoutCommit_RollsBackTakes()
    {
        var c = Create(10, 10);
        PutCommitted(c, "a");
        using (var tx = c.BeginTransaction())
        {
            tx.Take();
        }
        Assert.Equal(["a"], TakeCommitted(c, 5));
    }

    [Fact]
    public void PutBeyondTransactionCapacity_Throws()
    {
        // Flume's TestMemoryChannel: capacity 5, transactionCapacity 2, the third put fails.
        var c = Create(5, 2);
        using var tx = c.BeginTransaction();
        tx.Put(Ev("1"));
        tx.Put(Ev("2"));
        Assert.Throws<ChannelException>(() => tx.Put(Ev("3")));
    }

    [Fact]
    public void CommitBeyondCapacity_ThrowsChannelFull_AndKeepsTheQueue()
    {
        var c = Create(3, 3);
        PutCommitted(c, "a", "b");
        var tx = c.BeginTransaction();
        tx.Put(Ev("c"));
        tx.Put(Ev("d"));
        Assert.Throws<ChannelFullException>(tx.Commit);
        tx.Dispose();
        Assert.Equal(["a", "b"], TakeCommitted(c, 5));
    }

    [Fact]
    public void EmptyChannel_TakeReturnsNull()
    {
        var c = Create(3, 3);
        using var tx = c.BeginTransaction();
        Assert.Null(tx.Take());
        tx.Commit();
    }

    [Fact]
    public void PutBatch_PutsInOrder()
    {
        var c = Create(10, 10);
        using (var tx = c.BeginTransaction())
        {
            tx.PutBatch([Ev("a"), Ev("b"), Ev("c")]);
            tx.Put(Ev("d"));
            tx.Commit();
        }
        Assert.Equal(["a", "b", "c", "d"], TakeCommitted(c, 10));
    }

    [Fact]
    public void PutBatchBeyondTransactionCapacity_Throws_AndCommitsNothing()
    {
        var c = Create(5, 2);
        using (var tx = c.BeginTransaction())
        {
            Assert.Throws<ChannelException>(() => tx.PutBatch([Ev("1"), Ev("2"), Ev("3")]));
        }
        Assert.Empty(TakeCommitted(c, 5));
    }

    [Fact]
    public void TakeBatch_TakesUpToMaxInOrder_AndRollbackReturnsThemToHead()
    {
        var c = Create(10, 10);
        PutCommitted(c, "a", "b", "c", "d");
        var into = new List<FlumeEvent>();
        using (var tx = c.BeginTransaction())
        {
            Assert.Equal(3, tx.TakeBatch(into, 3));
            Assert.Equal("d", BodyOf(tx.Take()));
            tx.Rollback();
        }
        Assert.Equal(["a", "b", "c"], into.ConvertAll(BodyOf));
        Assert.Equal(["a", "b", "c", "d"], TakeCommitted(c, 10));
    }

    [Fact]
    public void TakeBatch_StopsWhenTheChannelIsEmpty_AndAppends()
    {
        var c = Create(10, 10);
        PutCommitted(c, "a", "b");
        var into = new List<FlumeEvent> { Ev("before") };
        using (var tx = c.BeginTransaction())
        {
            Assert.Equal(2, tx.TakeBatch(into, 5));
            Assert.Equal(0, tx.TakeBatch(into, 5));
            tx.Commit();
        }
        Assert.Equal(["before", "a", "b"], into.ConvertAll(BodyOf));
        Assert.Empty(TakeCommitted(c, 5));
    }

    [Fact]
    public void ConcurrentProducersAndConsumers_LoseAndDuplicateNothing()
    {
        // Under load a commit may find the channel full (keep-alive is short here): the producer retries the batch, as
        // a source does. Every exception on a worker thread is caught and fails the test instead of the test host.
        var c = Create(1000, 100);
        const int producers = 2;
        const int perProducer = 5000;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        var taken = new System.Collections.Concurrent.ConcurrentBag<string>();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var done = 0;
        var threads = new List<Thread>();
        for (var p = 0; p < producers; p++)
        {
            var id = p;
            threads.Add(Worker(failures, () =>
            {
                for (var i = 0; i < perProducer && DateTime.UtcNow < deadline; i += 50)
                {
                    PutBatchRetryingWhileFull(c, id, i, 50, deadline);
                }
                Interlocked.Increment(ref done);
            }));
        }
        threads.Add(Worker(failures, () =>
        {
            var rollback = false;
            while ((Volatile.Read(ref done) < producers || taken.Count < producers * perProducer) && failures.IsEmpty && DateTime.UtcNow < deadline)
            {
                using var tx = c.BeginTransaction();
                var batch = new List<string>();
                for (var i = 0; i < 100; i++)
                {
                    var e = tx.Take();
                    if (e is null)
                    {
                        break;
                    }
                    batch.Add(BodyOf(e));
                }
                rollback = !rollback;
                if (rollback)
                {
                    continue; // every other batch rolls back: those events must come again
                }
                tx.Commit();
                foreach (var b in batch)
                {
                    taken.Add(b);
                }
            }
        }));
        threads.ForEach(t => t.Start());
        var joined = threads.TrueForAll(t => t.Join(TimeSpan.FromMinutes(3)));
        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures));
        Assert.True(joined, "a worker thread did not finish");
        Assert.Equal(producers * perProducer, taken.Count);
        Assert.Equal(producers * perProducer, taken.Distinct().Count());
    }

    /// <summary>A thread that records any exception instead of letting it kill the test host.</summary>
    protected static Thread Worker(System.Collections.Concurrent.ConcurrentQueue<Exception> failures, Action body) =>
        new(() =>
        {
            try
            {
                body();
            }
            catch (Exception ex)
            {
                failures.Enqueue(ex);
            }
        })
        { IsBackground = true };

    private static void PutBatchRetryingWhileFull(IChannel c, int producer, int first, int count, DateTime deadline)
    {
        while (true)
        {
            using var tx = c.BeginTransaction();
            for (var j = first; j < first + count; j++)
            {
                tx.Put(Ev($"{producer}:{j}"));
            }
            try
            {
                tx.Commit();
                return;
            }
            catch (ChannelFullException) when (DateTime.UtcNow < deadline)
            {
                // The consumer has not made room within keep-alive (a loaded machine): the uncommitted batch is
                // discarded by the rollback of Dispose and put again.
            }
        }
    }
}
