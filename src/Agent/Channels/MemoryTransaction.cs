using System.Runtime.InteropServices;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Channels;

/// <summary>
/// A memory-channel transaction: puts and takes are buffered here (each up to transactionCapacity) until commit. The
/// buffers are borrowed from the channel at first use and given back when the transaction ends.
/// </summary>
internal sealed class MemoryTransaction : IChannelTransaction
{
    private readonly MemoryChannel _channel;
    private readonly int _capacity;
    private List<FlumeEvent>? _puts;
    private List<FlumeEvent>? _takes;
    private List<SeqRun>? _takeSeqs;
    private long _putByteSlots;
    private long _takeByteSlots;
    private bool _done;

    public MemoryTransaction(MemoryChannel channel)
    {
        _channel = channel;
        _capacity = channel.Options.TransactionCapacity;
    }

    public void Put(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        EnsureOpen();
        _channel.Counter.AddPutAttempts(1);
        var puts = _puts ??= _channel.RentList(forPuts: true);
        if (puts.Count >= _capacity)
        {
            throw PutQueueFull();
        }
        puts.Add(e);
        _putByteSlots += MemoryChannel.SlotsFor(e);
    }

    public void PutBatch(ReadOnlySpan<FlumeEvent> events)
    {
        EnsureOpen();
        var puts = _puts ??= _channel.RentList(forPuts: true);
        var room = _capacity - puts.Count;
        var fits = Math.Min(room, events.Length);
        // One attempt per event offered, the refused one included, as per-event puts count them.
        _channel.Counter.AddPutAttempts(fits < events.Length ? fits + 1 : fits);
        long slots = 0;
        foreach (var e in events[..fits])
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            slots += MemoryChannel.SlotsFor(e);
        }
        puts.AddRange(events[..fits]);
        _putByteSlots += slots;
        if (fits < events.Length)
        {
            throw PutQueueFull();
        }
    }

    public FlumeEvent? Take()
    {
        EnsureOpen();
        _channel.Counter.AddTakeAttempts(1);
        var takes = _takes ??= _channel.RentList(forPuts: false);
        if (takes.Count >= _capacity)
        {
            throw TakeListFull();
        }
        var e = _channel.TakeOne(_takeSeqs ??= _channel.RentRuns());
        if (e is not null)
        {
            takes.Add(e);
            _takeByteSlots += MemoryChannel.SlotsFor(e);
        }
        return e;
    }

    public int TakeBatch(List<FlumeEvent> into, int max)
    {
        ArgumentNullException.ThrowIfNull(into);
        EnsureOpen();
        if (max <= 0)
        {
            return 0;
        }
        var takes = _takes ??= _channel.RentList(forPuts: false);
        var room = _capacity - takes.Count;
        var start = takes.Count;
        var n = _channel.TakeMany(takes, Math.Min(room, max), _takeSeqs ??= _channel.RentRuns());
        var taken = CollectionsMarshal.AsSpan(takes)[start..];
        long slots = 0;
        foreach (var e in taken)
        {
            slots += MemoryChannel.SlotsFor(e);
        }
        _takeByteSlots += slots;
        into.AddRange(taken);
        // Per-event takes would have made one more attempt: the one that found the channel empty or the list full.
        _channel.Counter.AddTakeAttempts(n < max ? n + 1 : n);
        if (n == room && room < max)
        {
            throw TakeListFull();
        }
        return n;
    }

    public void Commit()
    {
        EnsureOpen();
        var puts = _puts is null ? [] : CollectionsMarshal.AsSpan(_puts);
        _channel.CommitBatch(puts, _takes?.Count ?? 0, _takeSeqs, _putByteSlots, _takeByteSlots);
        End();
    }

    public void Rollback()
    {
        if (_done)
        {
            return;
        }
        if (_takes is { Count: > 0 })
        {
            _channel.ReturnTaken(CollectionsMarshal.AsSpan(_takes), _takeSeqs!);
        }
        End();
    }

    public void Dispose() => Rollback();

    private void End()
    {
        _done = true;
        if (_puts is not null)
        {
            _channel.ReturnList(_puts, forPuts: true);
            _puts = null;
        }
        if (_takes is not null)
        {
            _channel.ReturnList(_takes, forPuts: false);
            _takes = null;
        }
        if (_takeSeqs is not null)
        {
            _channel.ReturnRuns(_takeSeqs);
            _takeSeqs = null;
        }
    }

    private ChannelException PutQueueFull() => new(
        $"Put queue for MemoryTransaction of capacity {_capacity} full, consider committing more frequently, increasing capacity or increasing thread count");

    private ChannelException TakeListFull() => new(
        $"Take list for MemoryTransaction, capacity {_capacity} full, consider committing more frequently, increasing capacity, or increasing thread count");

    private void EnsureOpen()
    {
        if (_done)
        {
            throw new InvalidOperationException("The transaction is already committed or rolled back; begin a new one.");
        }
    }
}
