using FlumeNet.Agent.Channels;

namespace FlumeNet.Agent.Tests.Channels;

public sealed class StoredPrefixTests
{
    [Fact]
    public void RunsStoredOutOfOrder_ExtendThePrefixOnlyOnceTheGapBelowIsStored()
    {
        var p = new StoredPrefix();
        p.Add([new SeqRun(10, 5)]);
        p.Add([new SeqRun(20, 5)]);
        Assert.Equal(0, p.Value);
        p.Add([new SeqRun(0, 10)]);
        Assert.Equal(15, p.Value);
        p.Add([new SeqRun(15, 5)]);
        Assert.Equal(25, p.Value);
    }

    [Fact]
    public void Queue_HandsOutSequenceNumbersInQueueOrder_AndTakesBackRolledBackRuns()
    {
        var q = new SeqRunQueue();
        q.AddLast(0, 4);
        q.AddLast(4, 4);
        var a = new List<SeqRun>();
        q.RemoveFirst(3, a);
        Assert.Equal([new SeqRun(0, 3)], a);
        var b = new List<SeqRun>();
        q.RemoveFirst(3, b);
        Assert.Equal([new SeqRun(3, 3)], b);
        q.AddFirst(a);
        q.AddFirst(b);
        var all = new List<SeqRun>();
        q.RemoveFirst(100, all);
        Assert.Equal([new SeqRun(3, 3), new SeqRun(0, 3), new SeqRun(6, 2)], all);
    }
}
