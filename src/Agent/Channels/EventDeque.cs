using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Channels;

/// <summary>A growable ring buffer of events with O(1) add at the tail and at the head (rollbacks return events to the head). Not thread-safe.</summary>
internal sealed class EventDeque
{
    private FlumeEvent?[] _items;
    private int _head;

    public EventDeque(int initialCapacity) => _items = new FlumeEvent?[Math.Max(4, initialCapacity)];

    public int Count { get; private set; }

    public void AddLast(FlumeEvent e)
    {
        EnsureRoom();
        _items[(_head + Count) % _items.Length] = e;
        Count++;
    }

    public void AddFirst(FlumeEvent e)
    {
        EnsureRoom();
        _head = (_head - 1 + _items.Length) % _items.Length;
        _items[_head] = e;
        Count++;
    }

    public FlumeEvent RemoveFirst()
    {
        var e = _items[_head]!;
        _items[_head] = null;
        _head = (_head + 1) % _items.Length;
        Count--;
        return e;
    }

    private void EnsureRoom()
    {
        if (Count < _items.Length)
        {
            return;
        }
        var bigger = new FlumeEvent?[_items.Length * 2];
        for (var i = 0; i < Count; i++)
        {
            bigger[i] = _items[(_head + i) % _items.Length];
        }
        _items = bigger;
        _head = 0;
    }
}
