using System.Runtime.InteropServices;
using FlumeNet.Agent.Channels.Files;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;

namespace FlumeNet.Agent.Channels.Spillable;

/// <summary>
/// Flume's spillable memory channel (reference §5.8): a put batch goes whole into memory when room frees up within
/// overflowTimeout (no wait once spilling), otherwise whole into an embedded file channel. A drain order of runs keeps one
/// FIFO order across both stores; a take transaction reads from one store only, so its batch ends where the head run
/// switches store. Takes wait up to overflowTimeout on an empty channel. Memory contents are lost at a crash or stop; the
/// overflow is durable and comes first after a restart.
/// </summary>
public sealed class SpillableMemoryChannel : IChannel, ILifecycleComponent, IDisposable
{
    private readonly object _lock = new();
    private readonly EventDeque _memory;
    private readonly DrainOrder _order = new();
    private long _memoryFree;
    private long _byteFree;
    private int _stored;
    private int _interrupts;
    private bool _spilling;

    public SpillableMemoryChannel(string name, SpillableSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Name = name;
        Settings = settings;
        Overflow = new FileChannel(name, settings.Overflow);
        _memory = new EventDeque(Math.Min(Math.Max(settings.MemoryCapacity, 16), 1024));
        _memoryFree = settings.MemoryCapacity;
        _byteFree = settings.ByteSlots;
        Counter = new ChannelCounter(name, (long)settings.MemoryCapacity + settings.OverflowCapacity);
    }

    public string Name { get; }

    public ChannelCounter Counter { get; }

    public SpillableSettings Settings { get; }

    /// <summary>Flume checks batch sizes against the embedded file channel's transactionCapacity (T25).</summary>
    public int TransactionCapacity => Settings.Overflow.TransactionCapacity;

    internal FileChannel Overflow { get; }

    /// <summary>Events held, in memory and in the overflow (not counting those taken by open transactions).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _stored;
            }
        }
    }

    internal int MemoryCount
    {
        get
        {
            lock (_lock)
            {
                return _memory.Count;
            }
        }
    }

    /// <summary>Opens the overflow file channel (its directories and lock are used even when overflowCapacity is 0, as in Flume).</summary>
    public void Start()
    {
        Overflow.Start();
        lock (_lock)
        {
            // What the overflow kept across the restart is older than anything put from now on.
            var kept = Overflow.Count;
            _order.AddFirst(overflow: true, kept);
            _stored += kept;
            Counter.SetSize(_stored);
        }
    }

    public void Stop() => Overflow.Stop();

    public void Dispose() => Overflow.Dispose();

    public IChannelTransaction BeginTransaction() => new SpillableTransaction(this);

    public void InterruptTakers()
    {
        lock (_lock)
        {
            _interrupts++;
            Monitor.PulseAll(_lock);
        }
    }

    internal long SlotsFor(FlumeEvent e) => e.Body.Length == 0 ? 1 : (e.Body.Length + Settings.AvgEventSize - 1) / Settings.AvgEventSize;

    internal void CommitPuts(List<FlumeEvent> puts, long byteSlots)
    {
        if (puts.Count == 0)
        {
            return;
        }
        if (Settings.MemoryCapacity > 0 && TryPutInMemory(puts, byteSlots))
        {
            return;
        }
        if (Settings.OverflowCapacity == 0)
        {
            throw new ChannelFullException(
                $"Spillable memory channel '{Name}': the batch of {puts.Count} does not fit in memory (memoryCapacity {Settings.MemoryCapacity}) and overflow is disabled (overflowCapacity = 0)");
        }
        lock (_lock)
        {
            _spilling = true;
        }
        Spill(puts);
        lock (_lock)
        {
            _order.AddLast(overflow: true, puts.Count);
            _stored += puts.Count;
            Counter.SetSize(_stored);
            Counter.AddPutSuccesses(puts.Count);
            Monitor.PulseAll(_lock);
        }
    }

    private bool TryPutInMemory(List<FlumeEvent> puts, long byteSlots)
    {
        lock (_lock)
        {
            var deadline = Environment.TickCount64 + (_spilling ? 0 : (long)Settings.OverflowTimeout.TotalMilliseconds);
            if (!WaitFor(() => _memoryFree >= puts.Count, deadline) || !WaitFor(() => _byteFree >= byteSlots, deadline))
            {
                return false;
            }
            _memoryFree -= puts.Count;
            _byteFree -= byteSlots;
            foreach (var e in puts)
            {
                _memory.AddLast(e);
            }
            _order.AddLast(overflow: false, puts.Count);
            _stored += puts.Count;
            Counter.SetSize(_stored);
            Counter.AddPutSuccesses(puts.Count);
            Monitor.PulseAll(_lock);
            return true;
        }
    }

    // One file-channel transaction for the whole batch; a full overflow is retried once after overflowTimeout.
    private void Spill(List<FlumeEvent> puts)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var tx = Overflow.BeginTransaction();
                foreach (var e in puts)
                {
                    tx.Put(e);
                }
                tx.Commit();
                return;
            }
            catch (ChannelFullException) when (attempt == 0)
            {
                Thread.Sleep(Settings.OverflowTimeout);
            }
        }
    }

    /// <returns>The store of the head run, or null when nothing arrived within overflowTimeout or the head is in the other store.</returns>
    internal bool? ReserveTake(bool? store)
    {
        lock (_lock)
        {
            if (_stored == 0)
            {
                var interrupts = _interrupts;
                var deadline = Environment.TickCount64 + (long)Settings.OverflowTimeout.TotalMilliseconds;
                if (!WaitFor(() => _stored > 0 || interrupts != _interrupts, deadline) || _stored == 0)
                {
                    return null;
                }
            }
            var head = _order.HeadIsOverflow;
            if (store is { } s && s != head)
            {
                return null;
            }
            _order.TakeOne();
            _stored--;
            Counter.SetSize(_stored);
            return head;
        }
    }

    internal FlumeEvent TakeFromMemory()
    {
        lock (_lock)
        {
            return _memory.RemoveFirst();
        }
    }

    /// <summary>An overflow take found nothing although the drain order counted an event (should not happen): undo the reservation.</summary>
    internal void Unreserve(bool overflow)
    {
        lock (_lock)
        {
            _order.AddFirst(overflow, 1);
            _stored++;
            Counter.SetSize(_stored);
        }
    }

    internal void CommitTakes(List<FlumeEvent> fromMemory, long byteSlots, int total)
    {
        lock (_lock)
        {
            _memoryFree += fromMemory.Count;
            _byteFree += byteSlots;
            if (_spilling && Settings.MemoryCapacity > 0 && _memoryFree * 100 / Settings.MemoryCapacity >= Settings.OverflowDeactivationThreshold)
            {
                _spilling = false;
            }
            Counter.AddTakeSuccesses(total);
            Monitor.PulseAll(_lock);
        }
    }

    internal void ReturnTaken(bool overflow, List<FlumeEvent> fromMemory, int overflowCount)
    {
        lock (_lock)
        {
            _memory.AddFirst(CollectionsMarshal.AsSpan(fromMemory));
            var count = overflow ? overflowCount : fromMemory.Count;
            _order.AddFirst(overflow, count);
            _stored += count;
            Counter.SetSize(_stored);
            Monitor.PulseAll(_lock);
        }
    }

    // Called with the lock held; Monitor.Wait releases it while waiting.
    private bool WaitFor(Func<bool> condition, long deadline)
    {
        while (!condition())
        {
            var wait = deadline - Environment.TickCount64;
            if (wait <= 0)
            {
                return false;
            }
            Monitor.Wait(_lock, (int)Math.Min(wait, int.MaxValue));
        }
        return true;
    }
}
