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
}
