namespace FlumeNet.Agent.Channels.Spillable;

/// <summary>Runs of events in put order, each in memory or in the overflow, so takes follow one global FIFO order across both stores. Not thread-safe.</summary>
internal sealed class DrainOrder
{
    private readonly LinkedList<(bool Overflow, int Count)> _runs = new();

    public bool IsEmpty => _runs.Count == 0;

    public bool HeadIsOverflow => _runs.First!.Value.Overflow;

    public void AddLast(bool overflow, int count)
    {
        if (count <= 0)
        {
            return;
        }
        if (_runs.Last is { } last && last.Value.Overflow == overflow)
        {
            last.Value = (overflow, last.Value.Count + count);
        }
        else
        {
            _runs.AddLast((overflow, count));
        }
    }

    public void AddFirst(bool overflow, int count)
    {
        if (count <= 0)
        {
            return;
        }
        if (_runs.First is { } first && first.Value.Overflow == overflow)
        {
            first.Value = (overflow, first.Value.Count + count);
        }
        else
        {
            _runs.AddFirst((overflow, count));
        }
    }

    public void TakeOne()
    {
        var first = _runs.First!;
        if (first.Value.Count == 1)
        {
            _runs.RemoveFirst();
        }
        else
        {
            first.Value = (first.Value.Overflow, first.Value.Count - 1);
        }
    }
}
