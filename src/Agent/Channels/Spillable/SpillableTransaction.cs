using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Channels.Spillable;

/// <summary>A spillable-memory transaction: puts are buffered until commit; takes come from one store (memory or overflow).</summary>
internal sealed class SpillableTransaction : IChannelTransaction
{
    private readonly SpillableMemoryChannel _channel;
    private readonly List<FlumeEvent> _puts = [];
    private readonly List<FlumeEvent> _memoryTakes = [];
    private IChannelTransaction? _overflow;
    private int _overflowTakes;
    private long _putSlots;
    private long _takeSlots;
    private bool? _store;
    private bool _done;

    public SpillableTransaction(SpillableMemoryChannel channel) => _channel = channel;

    public void Put(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        EnsureOpen();
        _channel.Counter.AddPutAttempts(1);
        if (_puts.Count >= _channel.TransactionCapacity)
        {
            throw new ChannelException(
                $"Put queue of spillable memory channel '{_channel.Name}' is full at transactionCapacity {_channel.TransactionCapacity}; commit smaller batches");
        }
        _puts.Add(e);
        _putSlots += _channel.SlotsFor(e);
    }

    public FlumeEvent? Take()
    {
        EnsureOpen();
        _channel.Counter.AddTakeAttempts(1);
        if (_memoryTakes.Count + _overflowTakes >= _channel.TransactionCapacity)
        {
            throw new ChannelException(
                $"Take list of spillable memory channel '{_channel.Name}' is full at transactionCapacity {_channel.TransactionCapacity}; commit smaller batches");
        }
        if (_channel.ReserveTake(_store) is not { } overflow)
        {
            return null;
        }
        _store = overflow;
        if (!overflow)
        {
            var e = _channel.TakeFromMemory();
            _memoryTakes.Add(e);
            _takeSlots += _channel.SlotsFor(e);
            return e;
        }
        _overflow ??= _channel.Overflow.BeginTransaction();
        if (_overflow.Take() is { } spilled)
        {
            _overflowTakes++;
            return spilled;
        }
        _channel.Unreserve(overflow: true);
        return null;
    }

    public void Commit()
    {
        EnsureOpen();
        try
        {
            _channel.CommitPuts(_puts, _putSlots);
            _overflow?.Commit();
        }
        catch
        {
            Rollback();
            throw;
        }
        _channel.CommitTakes(_memoryTakes, _takeSlots, _memoryTakes.Count + _overflowTakes);
        Finish();
    }

    public void Rollback()
    {
        if (_done)
        {
            return;
        }
        _overflow?.Rollback();
        if (_store is { } overflow)
        {
            _channel.ReturnTaken(overflow, _memoryTakes, _overflowTakes);
        }
        Finish();
    }

    public void Dispose() => Rollback();

    private void Finish()
    {
        _overflow?.Dispose();
        _overflow = null;
        _puts.Clear();
        _memoryTakes.Clear();
        _done = true;
    }

    private void EnsureOpen()
    {
        if (_done)
        {
            throw new InvalidOperationException("The transaction is already committed or rolled back; begin a new one.");
        }
    }
}
