using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;

namespace FlumeNet.Agent.Channels;

/// <summary>
/// Flume's memory channel (reference §8.3): one lock over a deque; room (queue slots and 100-byte body slots) is
/// reserved when a transaction commits, waiting up to keep-alive; a take waits up to keep-alive for an event; a rollback
/// returns taken events to the head in order. Takes hold their slots until commit, so a rollback always fits.
/// </summary>
public sealed class MemoryChannel : IChannel
{
    public const int SlotSize = 100;

    /// <summary>
    /// Queue length from which young bodies are kept in chunks instead of as objects (see <see cref="EventDeque"/>): an
    /// event behind this many is unlikely to be taken before the next gen0 collection.
    /// </summary>
    internal const int CompactAbove = 4096;

    private readonly object _lock = new();
    private readonly EventDeque _queue;
    private MemoryChannelOptions _options;
    private long _freeSlots;
    private long _freeByteSlots;
    private int _interrupts;
    private List<FlumeEvent>? _sparePuts;
    private List<FlumeEvent>? _spareTakes;
    private List<SeqRun>? _spareRuns;
    // Put sequence numbers: of the queued events, and the prefix the sinks stored (see IChannel.StoredPuts).
    private readonly SeqRunQueue _seqs = new();
    private readonly StoredPrefix _stored = new();
    private long _committedPuts;

    public MemoryChannel(string name, MemoryChannelOptions options)
    {
        Name = name;
        _options = options;
        _queue = new EventDeque(Math.Min(options.Capacity, 1024), CompactAbove);
        _freeSlots = options.Capacity;
        _freeByteSlots = options.ByteSlots;
        Counter = new ChannelCounter(name, options.Capacity);
    }

    public string Name { get; }

    public ChannelCounter Counter { get; }

    public MemoryChannelOptions Options => _options;

    public int TransactionCapacity => _options.TransactionCapacity;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public IChannelTransaction BeginTransaction() => new MemoryTransaction(this);

    public long CommittedPuts => Volatile.Read(ref _committedPuts);

    /// <summary>Exact per event, also when several sinks take from this channel and commit out of order.</summary>
    public long StoredPuts => _stored.Value;

    /// <summary>Applies new options to a channel kept across a reload (queued events stay). Shrinking below the queued events keeps the old capacity.</summary>
    public bool Reconfigure(MemoryChannelOptions options)
    {
        lock (_lock)
        {
            var used = _options.Capacity - _freeSlots;
            if (options.Capacity < used)
            {
                return false;
            }
            _freeSlots = options.Capacity - used;
            _freeByteSlots += options.ByteSlots - _options.ByteSlots;
            _options = options;
            Counter.Capacity = options.Capacity;
            return true;
        }
    }

    internal static long SlotsFor(FlumeEvent e) => e.Body.Length == 0 ? 1 : (e.Body.Length + SlotSize - 1) / SlotSize;

    /// <summary>Ends every take that is waiting for an event (it returns null), so a stopping sink need not wait out keep-alive.</summary>
    public void InterruptTakers()
    {
        lock (_lock)
        {
            _interrupts++;
            Monitor.PulseAll(_lock);
        }
    }

    internal FlumeEvent? TakeOne(List<SeqRun> seqs)
    {
        lock (_lock)
        {
            if (_queue.Count == 0 && !WaitForEvent())
            {
                return null;
            }
            var e = _queue.RemoveFirst();
            _seqs.RemoveFirst(1, seqs);
            Counter.SetSize(_queue.Count);
            return e;
        }
    }

    /// <summary>
    /// Moves up to <paramref name="max"/> events to <paramref name="into"/> under one lock, waiting up to keep-alive
    /// each time the queue runs empty, as that many <see cref="TakeOne"/> calls would; returns how many.
    /// </summary>
    internal int TakeMany(List<FlumeEvent> into, int max, List<SeqRun> seqs)
    {
        if (max <= 0)
        {
            return 0;
        }
        lock (_lock)
        {
            var n = 0;
            while (true)
            {
                var removed = _queue.RemoveFirst(into, max - n);
                _seqs.RemoveFirst(removed, seqs);
                n += removed;
                if (n == max || !WaitForEvent())
                {
                    break;
                }
            }
            Counter.SetSize(_queue.Count);
            return n;
        }
    }

    /// <summary>Commits puts and takes atomically; throws when room for the net growth does not free up within keep-alive.</summary>
    internal void CommitBatch(ReadOnlySpan<FlumeEvent> puts, int takes, List<SeqRun>? takeSeqs, long putByteSlots, long takeByteSlots)
    {
        var growth = puts.Length - takes;
        lock (_lock)
        {
            if (puts.Length > 0)
            {
                var deadline = Environment.TickCount64 + (long)_options.EffectiveKeepAlive.TotalMilliseconds;
                while (_freeByteSlots + takeByteSlots < putByteSlots)
                {
                    if (!WaitUntil(deadline))
                    {
                        throw new ChannelException(
                            $"Cannot commit transaction. Byte capacity of channel '{Name}' reached: {putByteSlots * SlotSize} bytes do not fit. Raise byteCapacity or speed up the sinks.");
                    }
                }
                while (growth > 0 && _freeSlots < growth)
                {
                    if (!WaitUntil(deadline))
                    {
                        throw new ChannelFullException(
                            $"Space for commit to queue couldn't be acquired. Channel '{Name}' is full (capacity {_options.Capacity}); sinks are not keeping up.");
                    }
                }
            }
            _freeByteSlots += takeByteSlots - putByteSlots;
            _freeSlots -= growth;
            _queue.AddLast(puts);
            _seqs.AddLast(_committedPuts, puts.Length);
            Volatile.Write(ref _committedPuts, _committedPuts + puts.Length);
            if (takeSeqs is { Count: > 0 })
            {
                _stored.Add(takeSeqs);
            }
            Counter.SetSize(_queue.Count);
            if (puts.Length > 0 || growth < 0)
            {
                Monitor.PulseAll(_lock);
            }
            // Counted under the lock so the counters follow the queue's order: once the take count reaches a put
            // count read after a commit, every event of that commit has been taken and committed downstream.
            Counter.AddPutSuccesses(puts.Length);
            Counter.AddTakeSuccesses(takes);
        }
    }

    internal void ReturnTaken(ReadOnlySpan<FlumeEvent> takes, List<SeqRun> seqs)
    {
        lock (_lock)
        {
            _queue.AddFirst(takes);
            _seqs.AddFirst(seqs);
            Counter.SetSize(_queue.Count);
            Monitor.PulseAll(_lock);
        }
    }

    // Transactions borrow their put and take lists from here, so a steady source and sink allocate none per batch.
    internal List<FlumeEvent> RentList(bool forPuts) =>
        Interlocked.Exchange(ref forPuts ? ref _sparePuts : ref _spareTakes, null) ?? [];

    internal void ReturnList(List<FlumeEvent> list, bool forPuts)
    {
        list.Clear();
        Volatile.Write(ref forPuts ? ref _sparePuts : ref _spareTakes, list);
    }

    internal List<SeqRun> RentRuns() => Interlocked.Exchange(ref _spareRuns, null) ?? [];

    internal void ReturnRuns(List<SeqRun> runs)
    {
        runs.Clear();
        Volatile.Write(ref _spareRuns, runs);
    }

    // Called with the lock held: waits up to keep-alive for an event; false when none came or takers were interrupted.
    private bool WaitForEvent()
    {
        var interrupts = _interrupts;
        var deadline = Environment.TickCount64 + (long)_options.EffectiveKeepAlive.TotalMilliseconds;
        while (_queue.Count == 0)
        {
            var wait = deadline - Environment.TickCount64;
            if (wait <= 0 || interrupts != _interrupts)
            {
                return false;
            }
            Monitor.Wait(_lock, (int)wait);
        }
        return true;
    }

    // Called with the lock held; Monitor.Wait releases it while commits or takes free room. False once the deadline passed.
    private bool WaitUntil(long deadline)
    {
        var wait = deadline - Environment.TickCount64;
        if (wait <= 0)
        {
            return false;
        }
        Monitor.Wait(_lock, (int)wait);
        return true;
    }
}
