using System.Runtime.CompilerServices;
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
/// a full queue recycles chunks instead of allocating them. Old events (reused by a source, as the stress source does)
/// and shallow queues are stored as they are: there the copy would cost more than it saves.
/// </para>
/// </summary>
internal sealed class EventDeque
{
    internal const int ChunkSize = 1 << 20;
    /// <summary>Bodies up to this size are compacted; bigger ones would waste too much of a chunk's end.</summary>
    internal const int MaxCompactedBody = 16 * 1024;
    private const int SpareChunks = 2;
    private readonly int _compactAbove;
    private Slot[] _items;
    private int _head;
    // Chunks holding compacted bodies, oldest first; the last one is being filled.
    private readonly Queue<byte[]> _chunks = new();
    private readonly Stack<byte[]> _spare = new();
    private byte[]? _tail;
    private int _tailUsed;

    /// <param name="initialCapacity">Slots to start with (the ring doubles when full).</param>
    /// <param name="compactAbove">Queue length from which young bodies are compacted; <see cref="int.MaxValue"/>: never.</param>
    public EventDeque(int initialCapacity, int compactAbove = int.MaxValue)
    {
        _items = new Slot[Math.Max(4, initialCapacity)];
        _compactAbove = compactAbove;
    }

    public int Count { get; private set; }

    /// <summary>Bytes of the chunks holding compacted bodies, in use and spare.</summary>
    internal long ChunkBytes => (long)(_chunks.Count + _spare.Count) * ChunkSize;

    public void AddLast(FlumeEvent e)
    {
        EnsureRoom(1);
        var tail = _head + Count;
        _items[tail < _items.Length ? tail : tail - _items.Length] = Store(e);
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
        // One age check per batch (a source's batch is of one age), so stored-as-is batches cost no call per event.
        var compact = events.Length > 0 && Count >= _compactAbove && IsYoung(events[0].Body);
        foreach (var e in events)
        {
            _items[tail] = compact ? Compact(e) : new Slot { Item = e };
            tail = tail + 1 == _items.Length ? 0 : tail + 1;
            Count++;
        }
    }

    public void AddFirst(FlumeEvent e)
    {
        EnsureRoom(1);
        _head = _head == 0 ? _items.Length - 1 : _head - 1;
        _items[_head] = new Slot { Item = e };
        Count++;
    }

    /// <summary>Puts the events back at the head so that the first of them is the next one removed.</summary>
    public void AddFirst(ReadOnlySpan<FlumeEvent> events)
    {
        EnsureRoom(events.Length);
        for (var i = events.Length - 1; i >= 0; i--)
        {
            _head = _head == 0 ? _items.Length - 1 : _head - 1;
            _items[_head] = new Slot { Item = events[i] };
        }
        Count += events.Length;
    }

    public FlumeEvent RemoveFirst()
    {
        var e = Take(ref _items[_head]);
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
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = Take(ref _items[_head]);
            _head = _head + 1 == _items.Length ? 0 : _head + 1;
        }
        Count -= n;
        if (Count == 0)
        {
            FreeAllChunks();
        }
        return n;
    }

    private Slot Store(FlumeEvent e) =>
        Count >= _compactAbove && IsYoung(e.Body) ? Compact(e) : new Slot { Item = e };

    private static bool IsYoung(byte[] body) => GC.GetGeneration(body) < GC.MaxGeneration;

    private Slot Compact(FlumeEvent e)
    {
        var body = e.Body;
        if (body.Length == 0 || body.Length > MaxCompactedBody)
        {
            return new Slot { Item = e };
        }
        if (_tail is null || ChunkSize - _tailUsed < body.Length)
        {
            _tail = _spare.Count > 0 ? _spare.Pop() : GC.AllocateUninitializedArray<byte>(ChunkSize);
            _chunks.Enqueue(_tail);
            _tailUsed = 0;
        }
        var chunk = _tail;
        body.CopyTo(chunk.AsSpan(_tailUsed));
        var slot = new Slot { Item = e.RawHeaders, Chunk = chunk, Offset = _tailUsed, Length = body.Length };
        _tailUsed += body.Length;
        return slot;
    }

    private FlumeEvent Take(ref Slot slot)
    {
        FlumeEvent e;
        if (slot.Chunk is not { } chunk)
        {
            // Item is always a FlumeEvent when there is no chunk (Store and AddFirst put it there).
            e = Unsafe.As<FlumeEvent>(slot.Item!);
        }
        else
        {
            // Chunks before this one hold only events already removed.
            while (!ReferenceEquals(_chunks.Peek(), chunk))
            {
                Free(_chunks.Dequeue());
            }
            var body = GC.AllocateUninitializedArray<byte>(slot.Length);
            chunk.AsSpan(slot.Offset, slot.Length).CopyTo(body);
            e = new FlumeEvent(body, Unsafe.As<Dictionary<string, string>?>(slot.Item));
        }
        slot = default;
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
        var bigger = new Slot[size];
        var first = Math.Min(Count, _items.Length - _head);
        _items.AsSpan(_head, first).CopyTo(bigger);
        _items.AsSpan(0, Count - first).CopyTo(bigger.AsSpan(first));
        _items = bigger;
        _head = 0;
    }

    // An event as it is (Item: the FlumeEvent), or compacted (Item: its headers or null; the body in Chunk).
    private struct Slot
    {
        public object? Item;
        public byte[]? Chunk;
        public int Offset;
        public int Length;
    }
}
