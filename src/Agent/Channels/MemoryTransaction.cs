using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Channels;

/// <summary>A memory-channel transaction: puts and takes are buffered here (each up to transactionCapacity) until commit.</summary>
internal sealed class MemoryTransaction : IChannelTransaction
{
    private readonly MemoryChannel _channel;
    private readonly int _capacity;
    private readonly List<FlumeEvent> _puts = [];
    private readonly List<FlumeEvent> _takes = [];
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
        if (_puts.Count >= _capacity)
        {
            throw new ChannelException(
                $"Put queue for MemoryTransaction of capacity {_capacity} full, consider committing more frequently, increasing capacity or increasing thread count");
        }
        _puts.Add(e);
        _putByteSlots += MemoryChannel.SlotsFor(e);
    }

    public FlumeEvent? Take()
    {
        EnsureOpen();
        _channel.Counter.AddTakeAttempts(1);
        if (_takes.Count >= _capacity)
        {
            throw new ChannelException(
                $"Take list for MemoryTransaction, capacity {_capacity} full, consider committing more frequently, increasing capacity, or increasing thread count");
        }
        var e = _channel.TakeOne();
        if (e is not null)
        {
            _takes.Add(e);
            _takeByteSlots += MemoryChannel.SlotsFor(e);
        }
        return e;
    }

    public void Commit()
    {
        EnsureOpen();
        _channel.CommitBatch(_puts, _takes, _putByteSlots, _takeByteSlots);
        _puts.Clear();
        _takes.Clear();
        _done = true;
    }

    public void Rollback()
    {
        if (_done)
        {
            return;
        }
        _channel.ReturnTaken(_takes);
        _puts.Clear();
        _takes.Clear();
        _done = true;
    }

    public void Dispose() => Rollback();

    private void EnsureOpen()
    {
        if (_done)
        {
            throw new InvalidOperationException("The transaction is already committed or rolled back; begin a new one.");
        }
    }
}
