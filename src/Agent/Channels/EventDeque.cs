using System.Runtime.InteropServices;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Channels;

/// <summary>
/// A growable ring buffer of events with O(1) add at the tail and at the head (rollbacks return events to the head).
/// The batch members copy whole segments, so a batch costs one or two block copies instead of one step per event.
/// Not thread-safe.
/// </summary>
internal sealed class EventDeque
{
    // Free slots hold null; the element type says non-null so segments copy straight into a List<FlumeEvent>.
    private FlumeEvent[] _items;
    private int _head;

    public EventDeque(int initialCapacity) => _items = new FlumeEvent[Math.Max(4, initialCapacity)];

    public int Count { get; private set; }

    public void AddLast(FlumeEvent e)
    {
        EnsureRoom(1);
        var tail = _head + Count;
        _items[tail < _items.Length ? tail : tail - _items.Length] = e;
        Count++;
    }

    /// <summary>Appends the events in their order.</summary>
    public void AddLast(ReadOnlySpan<FlumeEvent> events)
    {
        EnsureRoom(events.Length);
        var tail = _head + Count;
        if (tail >= _items.Length)
        {
            tail -= _items.Length;
        }
        var first = Math.Min(events.Length, _items.Length - tail);
        events[..first].CopyTo(_items.AsSpan(tail));
        events[first..].CopyTo(_items.AsSpan(0));
        Count += events.Length;
    }

    public void AddFirst(FlumeEvent e)
    {
        EnsureRoom(1);
        _head = _head == 0 ? _items.Length - 1 : _head - 1;
        _items[_head] = e;
        Count++;
    }

    /// <summary>Puts the events back at the head so that the first of them is the next one removed.</summary>
    public void AddFirst(ReadOnlySpan<FlumeEvent> events)
    {
        EnsureRoom(events.Length);
        var start = _head - events.Length;
        if (start < 0)
        {
            start += _items.Length;
        }
        var first = Math.Min(events.Length, _items.Length - start);
        events[..first].CopyTo(_items.AsSpan(start));
        events[first..].CopyTo(_items.AsSpan(0));
        _head = start;
        Count += events.Length;
    }

    public FlumeEvent RemoveFirst()
    {
        var e = _items[_head];
        _items[_head] = null!;
        _head = _head + 1 == _items.Length ? 0 : _head + 1;
        Count--;
        return e;
    }

    /// <summary>Moves up to <paramref name="max"/> events from the head to the end of <paramref name="into"/>; returns how many.</summary>
    public int RemoveFirst(List<FlumeEvent> into, int max)
    {
        var n = Math.Min(max, Count);
        if (n <= 0)
        {
            return 0;
        }
        var at = into.Count;
        CollectionsMarshal.SetCount(into, at + n);
        var target = CollectionsMarshal.AsSpan(into).Slice(at, n);
        var first = Math.Min(n, _items.Length - _head);
        MoveOut(_items.AsSpan(_head, first), target);
        MoveOut(_items.AsSpan(0, n - first), target[first..]);
        _head += n;
        if (_head >= _items.Length)
        {
            _head -= _items.Length;
        }
        Count -= n;
        return n;
    }

    private static void MoveOut(Span<FlumeEvent> from, Span<FlumeEvent> to)
    {
        from.CopyTo(to);
        from.Clear();
    }

    private void EnsureRoom(int more)
    {
        if (Count + more <= _items.Length)
        {
            return;
        }
        var size = _items.Length * 2;
        while (size < Count + more)
        {
            size *= 2;
        }
        var bigger = new FlumeEvent[size];
        var first = Math.Min(Count, _items.Length - _head);
        _items.AsSpan(_head, first).CopyTo(bigger);
        _items.AsSpan(0, Count - first).CopyTo(bigger.AsSpan(first));
        _items = bigger;
        _head = 0;
    }
}
