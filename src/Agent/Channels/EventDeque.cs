using System.Runtime.InteropServices;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Channels;

/// <summary>
/// A growable ring buffer of events with O(1) add at the tail and at the head (rollbacks return events to the head).
/// Not thread-safe.
/// <para>
/// Deep queues keep bodies out of the GC heap: once <c>compactAbove</c> events are queued, a young event (gen0 or gen1: a
/// source waiting for room in a full channel sees its batch promoted once) added at the tail
/// has its body copied into a 1 MiB chunk (its headers, if any, are kept by reference) and the event object is dropped;
/// removing it builds a new event from those bytes. An event that waits behind many others would otherwise outlive
/// gen0 and gen1 and be copied by the GC twice before it dies (netcat → memory → file_roll with a full channel spent
/// most of its CPU there); now the source's object dies at once and the sink's copy dies young. Chunks are used and
/// freed in queue order (rollbacks add events back whole, never into chunks); two freed chunks are kept for reuse, so
/// a full queue recycles chunks instead of allocating them. Old events, objects a source puts again (the stress source
/// reuses its batch) and shallow queues are stored as they are: there the copy would cost more than it saves.
/// </para>
/// </summary>
internal sealed class EventDeque
{
    internal const int ChunkSize = 1 << 20;
    /// <summary>Bodies up to this size are compacted; bigger ones would waste too much of a chunk's end.</summary>
    internal const int MaxCompactedBody = 16 * 1024;
    private const int SpareChunks = 2;
    private readonly int _compactAbove;
    // An event as it is; null where the event is compacted (then _compacted at the same index holds it). Free slots
    // hold null too; the element type says non-null so segments copy straight into a List<FlumeEvent>.
    private FlumeEvent[] _items;
    private Compacted[]? _compacted;
    private int _compactedCount;
    private int _head;
    // Chunks holding compacted bodies, oldest first; the last one (_tail) is being filled.
    private readonly Queue<byte[]> _chunks = new();
    private readonly Stack<byte[]> _spare = new();
    private byte[]? _tail;
    private int _tailUsed;
    private FlumeEvent? _lastCompactedFirst;

    /// <param name="initialCapacity">Slots to start with (the ring doubles when full).</param>
    /// <param name="compactAbove">Queue length from which young bodies are compacted; <see cref="int.MaxValue"/>: never.</param>
    public EventDeque(int initialCapacity, int compactAbove = int.MaxValue)
    {
        _items = new FlumeEvent[Math.Max(4, initialCapacity)];
        _compactAbove = compactAbove;
    }

    public int Count { get; private set; }

    /// <summary>Bytes of the chunks holding compacted bodies, in use and spare.</summary>
    internal long ChunkBytes => (long)(_chunks.Count + _spare.Count) * ChunkSize;

    public void AddLast(FlumeEvent e) => AddLast(new ReadOnlySpan<FlumeEvent>(in e));

    /// <summary>Appends the events in their order.</summary>
    public void AddLast(ReadOnlySpan<FlumeEvent> events)
    {
        EnsureRoom(events.Length);
        var tail = _head + Count;
        if (tail >= _items.Length)
        {
            tail -= _items.Length;
        }
        // One check per batch (a source's batch is of one age): a batch stored as it is costs two block copies.
        if (events.Length == 0 || !ShouldCompact(events[0]))
        {
            var first = Math.Min(events.Length, _items.Length - tail);
            events[..first].CopyTo(_items.AsSpan(tail));
            events[first..].CopyTo(_items.AsSpan(0));
            Count += events.Length;
            return;
        }
        _compacted ??= new Compacted[_items.Length];
        foreach (var e in events)
        {
            if (!Compact(e, ref _compacted[tail]))
            {
                _items[tail] = e;
            }
            tail = tail + 1 == _items.Length ? 0 : tail + 1;
        }
        Count += events.Length;
    }

    public void AddFirst(FlumeEvent e) => AddFirst(new ReadOnlySpan<FlumeEvent>(in e));

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
        var e = _items[_head] ?? Materialize(ref _compacted![_head]);
        _items[_head] = null!;
        _head = _head + 1 == _items.Length ? 0 : _head + 1;
        Count--;
        if (Count == 0)
        {
            FreeAllChunks();
        }
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
        MoveOut(_head, target[..first]);
        MoveOut(0, target[first..]);
        _head += n;
        if (_head >= _items.Length)
        {
            _head -= _items.Length;
        }
        Count -= n;
        if (Count == 0)
        {
            FreeAllChunks();
        }
        return n;
    }

    private void MoveOut(int from, Span<FlumeEvent> to)
    {
        var items = _items.AsSpan(from, to.Length);
        items.CopyTo(to);
        if (_compactedCount > 0)
        {
            for (var i = 0; i < to.Length; i++)
            {
                to[i] ??= Materialize(ref _compacted![from + i]);
            }
        }
        items.Clear();
    }

    // A source that puts the same objects again (the stress source allocates nothing, so no GC ever ages them) would
    // pay a copy per event for nothing: an object that led a compacted batch is stored as it is from then on.
    private bool ShouldCompact(FlumeEvent first)
    {
        if (Count < _compactAbove || ReferenceEquals(first, _lastCompactedFirst) || GC.GetGeneration(first.Body) == GC.MaxGeneration)
        {
            return false;
        }
        _lastCompactedFirst = first;
        return true;
    }

    private bool Compact(FlumeEvent e, ref Compacted slot)
    {
        var body = e.Body;
        if (body.Length == 0 || body.Length > MaxCompactedBody)
        {
            return false;
        }
        if (_tail is null || ChunkSize - _tailUsed < body.Length)
        {
            _tail = _spare.Count > 0 ? _spare.Pop() : GC.AllocateUninitializedArray<byte>(ChunkSize);
            _chunks.Enqueue(_tail);
            _tailUsed = 0;
        }
        body.CopyTo(_tail.AsSpan(_tailUsed));
        slot = new Compacted { Chunk = _tail, Headers = e.RawHeaders, Offset = _tailUsed, Length = body.Length };
        _tailUsed += body.Length;
        _compactedCount++;
        return true;
    }

    private FlumeEvent Materialize(ref Compacted slot)
    {
        var chunk = slot.Chunk!;
        // Chunks before this one hold only events already removed.
        while (!ReferenceEquals(_chunks.Peek(), chunk))
        {
            Free(_chunks.Dequeue());
        }
        var body = GC.AllocateUninitializedArray<byte>(slot.Length);
        chunk.AsSpan(slot.Offset, slot.Length).CopyTo(body);
        var e = new FlumeEvent(body, slot.Headers);
        slot = default;
        _compactedCount--;
        return e;
    }

    private void FreeAllChunks()
    {
        while (_chunks.Count > 0)
        {
            Free(_chunks.Dequeue());
        }
        _tail = null;
        _tailUsed = 0;
    }

    private void Free(byte[] chunk)
    {
        if (_spare.Count < SpareChunks)
        {
            _spare.Push(chunk);
        }
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
        _items = Grown(_items, size);
        if (_compacted is not null)
        {
            _compacted = Grown(_compacted, size);
        }
        _head = 0;
    }

    private T[] Grown<T>(T[] items, int size)
    {
        var bigger = new T[size];
        var first = Math.Min(Count, items.Length - _head);
        items.AsSpan(_head, first).CopyTo(bigger);
        items.AsSpan(0, Count - first).CopyTo(bigger.AsSpan(first));
        return bigger;
    }

    private struct Compacted
    {
        public byte[]? Chunk;
        public Dictionary<string, string>? Headers;
        public int Offset;
        public int Length;
    }
}
