namespace FlumeNet.Agent.Channels;

/// <summary>
/// Consecutive put sequence numbers: the memory channel numbers events in the order their puts committed and follows
/// them in runs (a put batch is one run), so knowing which events the sinks stored costs nothing per event.
/// </summary>
internal readonly record struct SeqRun(long Start, long Count)
{
    public long End => Start + Count;
}

/// <summary>The sequence numbers of a memory channel's queued events, in queue order, as runs. Not thread-safe.</summary>
internal sealed class SeqRunQueue
{
    private SeqRun[] _runs = new SeqRun[8];
    private int _head;
    private int _count;

    public void AddLast(long start, long count)
    {
        if (count <= 0)
        {
            return;
        }
        if (_count > 0)
        {
            ref var last = ref _runs[Index(_count - 1)];
            if (last.End == start)
            {
                last = last with { Count = last.Count + count };
                return;
            }
        }
        Grow();
        _runs[Index(_count)] = new SeqRun(start, count);
        _count++;
    }

    /// <summary>Puts runs a rollback returns back at the head, so that the first of them is the next one removed.</summary>
    public void AddFirst(List<SeqRun> runs)
    {
        for (var i = runs.Count - 1; i >= 0; i--)
        {
            var run = runs[i];
            if (_count > 0 && run.End == _runs[_head].Start)
            {
                _runs[_head] = new SeqRun(run.Start, run.Count + _runs[_head].Count);
                continue;
            }
            Grow();
            _head = _head == 0 ? _runs.Length - 1 : _head - 1;
            _runs[_head] = run;
            _count++;
        }
    }

    /// <summary>Moves the sequence numbers of the next <paramref name="n"/> queued events to the end of <paramref name="into"/>.</summary>
    public void RemoveFirst(long n, List<SeqRun> into)
    {
        while (n > 0 && _count > 0)
        {
            var head = _runs[_head];
            var take = Math.Min(n, head.Count);
            Append(into, new SeqRun(head.Start, take));
            if (take == head.Count)
            {
                _head = _head + 1 == _runs.Length ? 0 : _head + 1;
                _count--;
            }
            else
            {
                _runs[_head] = new SeqRun(head.Start + take, head.Count - take);
            }
            n -= take;
        }
    }

    private static void Append(List<SeqRun> into, SeqRun run)
    {
        if (into.Count > 0 && into[^1].End == run.Start)
        {
            into[^1] = into[^1] with { Count = into[^1].Count + run.Count };
            return;
        }
        into.Add(run);
    }

    private int Index(int i)
    {
        var at = _head + i;
        return at < _runs.Length ? at : at - _runs.Length;
    }

    private void Grow()
    {
        if (_count < _runs.Length)
        {
            return;
        }
        var bigger = new SeqRun[_runs.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            bigger[i] = _runs[Index(i)];
        }
        _runs = bigger;
        _head = 0;
    }
}

/// <summary>
/// How many of the events put so far the sinks have all stored (taken and committed), counted from the first: the
/// length of the longest stored prefix. Two sinks reading one channel may commit out of order; runs stored beyond the
/// prefix wait here until the gap below them is stored too. Updated under the channel's lock, read without it.
/// </summary>
internal sealed class StoredPrefix
{
    private readonly List<SeqRun> _ahead = [];
    private long _prefix;

    public long Value => Volatile.Read(ref _prefix);

    public void Add(List<SeqRun> runs)
    {
        var prefix = _prefix;
        foreach (var run in runs)
        {
            if (run.Start == prefix)
            {
                prefix = run.End;
            }
            else
            {
                Insert(run);
            }
        }
        while (_ahead.Count > 0 && _ahead[0].Start <= prefix)
        {
            prefix = Math.Max(prefix, _ahead[0].End);
            _ahead.RemoveAt(0);
        }
        Volatile.Write(ref _prefix, prefix);
    }

    // Sorted by start; runs are disjoint (each event is stored once), adjacent ones are merged.
    private void Insert(SeqRun run)
    {
        var i = _ahead.Count;
        while (i > 0 && _ahead[i - 1].Start > run.Start)
        {
            i--;
        }
        if (i > 0 && _ahead[i - 1].End == run.Start)
        {
            run = new SeqRun(_ahead[i - 1].Start, _ahead[i - 1].Count + run.Count);
            _ahead.RemoveAt(--i);
        }
        if (i < _ahead.Count && run.End == _ahead[i].Start)
        {
            run = new SeqRun(run.Start, run.Count + _ahead[i].Count);
            _ahead.RemoveAt(i);
        }
        _ahead.Insert(i, run);
    }
}
