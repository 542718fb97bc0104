using System.Text;
using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Tests.Channels;

public sealed class EventDequeTests
{
    private static FlumeEvent Ev(int i) => new(Encoding.ASCII.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static List<string> Drain(EventDeque q)
    {
        var into = new List<FlumeEvent>();
        q.RemoveFirst(into, int.MaxValue);
        return into.ConvertAll(e => Encoding.ASCII.GetString(e.Body));
    }

    [Fact]
    public void BatchAddAndRemove_KeepOrderAcrossTheWrapAndGrowth()
    {
        var q = new EventDeque(4);
        var expected = new List<string>();
        var next = 0;
        // Moves the head around the ring several times, growing it while it is wrapped.
        for (var round = 0; round < 20; round++)
        {
            var batch = new FlumeEvent[(round % 5) + 1];
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = Ev(next);
                expected.Add(next.ToString(System.Globalization.CultureInfo.InvariantCulture));
                next++;
            }
            q.AddLast(batch);
            var into = new List<FlumeEvent>();
            var n = q.RemoveFirst(into, round % 3);
            Assert.Equal(Math.Min(round % 3, expected.Count), n);
            Assert.Equal(expected.GetRange(0, n), into.ConvertAll(e => Encoding.ASCII.GetString(e.Body)));
            expected.RemoveRange(0, n);
            Assert.Equal(expected.Count, q.Count);
        }
        Assert.Equal(expected, Drain(q));
        Assert.Equal(0, q.Count);
    }

    [Fact]
    public void AddFirstBatch_PutsEventsBackBeforeTheRest_InTheirOrder()
    {
        var q = new EventDeque(4);
        q.AddLast([Ev(1), Ev(2), Ev(3)]);
        var taken = new List<FlumeEvent>();
        q.RemoveFirst(taken, 2);
        q.AddLast([Ev(4), Ev(5), Ev(6)]);
        q.AddFirst(taken.ToArray());
        q.AddFirst(Ev(0));
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6"], Drain(q));
    }

    [Fact]
    public void SingleAndBatchCallsMix()
    {
        var q = new EventDeque(4);
        q.AddLast(Ev(2));
        q.AddFirst(Ev(1));
        q.AddLast([Ev(3), Ev(4), Ev(5)]);
        Assert.Equal("1", Encoding.ASCII.GetString(q.RemoveFirst().Body));
        Assert.Equal(["2", "3", "4", "5"], Drain(q));
        Assert.Equal(0, q.RemoveFirst([], 10));
    }

    private static FlumeEvent Young(int i, int size, bool header)
    {
        var body = new byte[size];
        body.AsSpan().Fill((byte)('a' + (i % 26)));
        BitConverter.TryWriteBytes(body, i);
        var e = new FlumeEvent(body);
        if (header)
        {
            e.Headers["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return e;
    }

    private static void AssertIs(FlumeEvent e, int i, int size, bool header)
    {
        Assert.Equal(size, e.Body.Length);
        Assert.Equal(i, BitConverter.ToInt32(e.Body));
        Assert.All(e.Body.AsSpan(4).ToArray(), b => Assert.Equal((byte)('a' + (i % 26)), b));
        Assert.Equal(header ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : null, e.Header("n"));
    }

    [Fact]
    public void DeepQueue_CompactsYoungBodies_AndGivesBackEqualEventsInOrderAcrossChunks()
    {
        const int size = 5000; // about 210 per chunk: the test crosses several chunks
        var q = new EventDeque(4, compactAbove: 8);
        var next = 0;
        var expect = 0;
        var rolledBack = new List<FlumeEvent>();
        for (var round = 0; round < 30; round++)
        {
            for (var i = 0; i < 97; i++, next++)
            {
                q.AddLast(Young(next, size, header: next % 3 == 0));
            }
            var taken = new List<FlumeEvent>();
            q.RemoveFirst(taken, 50);
            // Every other round the batch is rolled back: it comes out again, first.
            if (round % 2 == 0)
            {
                q.AddFirst(taken.ToArray());
                continue;
            }
            foreach (var e in taken)
            {
                AssertIs(e, expect, size, expect % 3 == 0);
                expect++;
            }
        }
        Assert.True(q.ChunkBytes > 0, "young bodies of a deep queue are compacted");
        while (q.Count > 0)
        {
            AssertIs(q.RemoveFirst(), expect, size, expect % 3 == 0);
            expect++;
        }
        Assert.Equal(next, expect);
        Assert.True(q.ChunkBytes <= 2L * EventDeque.ChunkSize, $"an empty queue keeps at most two spare chunks, not {q.ChunkBytes} bytes");
    }

    [Fact]
    public void FullQueue_RecyclesItsChunks()
    {
        var q = new EventDeque(4, compactAbove: 0);
        var taken = new List<FlumeEvent>();
        var next = 0;
        var expect = 0;
        // A steady state about 3 chunks deep: chunks freed at the head are reused at the tail.
        for (var round = 0; round < 200; round++)
        {
            for (var i = 0; i < 100; i++, next++)
            {
                q.AddLast(Young(next, 10_000, header: false));
            }
            if (round >= 3)
            {
                taken.Clear();
                q.RemoveFirst(taken, 100);
                foreach (var e in taken)
                {
                    AssertIs(e, expect++, 10_000, header: false);
                }
            }
            Assert.True(q.ChunkBytes <= 7L * EventDeque.ChunkSize, $"round {round}: {q.ChunkBytes} bytes of chunks");
        }
    }

    [Fact]
    public void OldOrShallowOrBigEvents_AreKeptAsTheyAre()
    {
        var q = new EventDeque(4, compactAbove: 2);
        var old = Young(1, 300, header: true);
        GC.Collect();
        GC.Collect();
        var shallow1 = Young(2, 300, header: false);
        var shallow2 = Young(3, 300, header: false);
        var big = Young(4, EventDeque.MaxCompactedBody + 1, header: false);
        var empty = new FlumeEvent([]);
        q.AddLast(shallow1);
        q.AddLast(shallow2);
        q.AddLast([old, big, empty]);
        Assert.Same(shallow1, q.RemoveFirst());
        Assert.Same(shallow2, q.RemoveFirst());
        Assert.Same(old, q.RemoveFirst());
        Assert.Same(big, q.RemoveFirst());
        Assert.Same(empty, q.RemoveFirst());
        Assert.Equal(0, q.ChunkBytes);
    }

    [Fact]
    public void WithoutCompactAbove_NothingIsCompacted()
    {
        var q = new EventDeque(4);
        var events = Enumerable.Range(0, 5000).Select(i => Young(i, 100, header: false)).ToArray();
        q.AddLast(events);
        var into = new List<FlumeEvent>();
        q.RemoveFirst(into, int.MaxValue);
        Assert.Equal(events, into);
        Assert.Equal(0, q.ChunkBytes);
    }

    [Fact]
    public void DeepQueue_CompactsAYoungBatch_AndKeepsAnOldBatchAsItIs()
    {
        var q = new EventDeque(4, compactAbove: 0);
        var old = Enumerable.Range(0, 50).Select(i => Young(i, 300, header: false)).ToArray();
        GC.Collect();
        GC.Collect();
        q.AddLast(old);
        Assert.Equal(0, q.ChunkBytes);
        q.AddLast(Enumerable.Range(50, 50).Select(i => Young(i, 300, header: i % 2 == 0)).ToArray());
        Assert.True(q.ChunkBytes > 0);
        var into = new List<FlumeEvent>();
        Assert.Equal(100, q.RemoveFirst(into, 100));
        Assert.Equal(old, into.GetRange(0, 50));
        for (var i = 50; i < 100; i++)
        {
            AssertIs(into[i], i, 300, i % 2 == 0);
        }
    }

    [Fact]
    public void ABatchPutAgain_IsStoredAsItIs()
    {
        // The stress source puts the same objects batch after batch and allocates nothing, so they never age.
        var q = new EventDeque(4, compactAbove: 0);
        var batch = Enumerable.Range(0, 10).Select(i => Young(i, 300, header: false)).ToArray();
        q.AddLast(batch);
        var first = new List<FlumeEvent>();
        q.RemoveFirst(first, 10);
        q.AddLast(batch);
        var second = new List<FlumeEvent>();
        q.RemoveFirst(second, 10);
        Assert.Equal(batch, second);
        for (var i = 0; i < 10; i++)
        {
            AssertIs(first[i], i, 300, header: false);
        }
    }
}
