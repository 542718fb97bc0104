namespace FlumeNet.Agent.Channels.Files;

/// <summary>A growable ring buffer of log pointers (8 bytes per queued event), with adds at both ends. Not thread-safe.</summary>
internal sealed class PointerDeque
{
    private long[] _items;
    private int _head;

    public PointerDeque(int initialCapacity = 1024) => _items = new long[Math.Max(16, initialCapacity)];

    public int Count { get; private set; }

    public long First => _items[_head];

    public void AddLast(long p)
    {
        EnsureRoom();
        _items[(_head + Count) % _items.Length] = p;
        Count++;
    }

    public void AddFirst(long p)
    {
        EnsureRoom();
        _head = (_head - 1 + _items.Length) % _items.Length;
        _items[_head] = p;
        Count++;
    }

    public long RemoveFirst()
    {
        var p = _items[_head];
        _head = (_head + 1) % _items.Length;
        Count--;
        return p;
    }

    public void CopyTo(List<long> dest)
    {
        var first = Math.Min(Count, _items.Length - _head);
        dest.AddRange(new ArraySegment<long>(_items, _head, first));
        dest.AddRange(new ArraySegment<long>(_items, 0, Count - first));
    }

    private void EnsureRoom()
    {
        if (Count < _items.Length)
        {
            return;
        }
        var bigger = new long[_items.Length * 2];
        CopyTo(bigger);
        _items = bigger;
        _head = 0;
    }

    private void CopyTo(long[] dest)
    {
        var first = Math.Min(Count, _items.Length - _head);
        Array.Copy(_items, _head, dest, 0, first);
        Array.Copy(_items, 0, dest, first, Count - first);
    }
}
