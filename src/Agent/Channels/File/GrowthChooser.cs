namespace FlumeNet.Agent.Channels.Files;

/// <summary>
/// Picks how a log file makes room for its records: zeros written 1 MiB ahead (a sync then writes data only, but the
/// disk writes every byte twice) or growing with each append (each sync also commits the new size to the journal).
/// Which costs less depends on the bytes per sync and on the file system: other writers on the disk make journal
/// commits slower. Measured on ext4 (virtio disk): at 27 KB per sync zeros made syncs 1.75x faster; at 270 KB growing
/// was 1.2-1.3x faster on a quiet machine, and slower than zeros while other processes wrote to the disk. So the writer
/// measures: below <see cref="SmallSync"/> per sync it always zero-fills; above, it runs each way for an epoch of
/// <see cref="EpochBytes"/>, keeps each way's time per byte synced (syncs, plus writing the zeros), uses the cheaper
/// one and tries the other again every <see cref="ProbeEvery"/> epochs. Both ways are equally durable.
/// </summary>
internal sealed class GrowthChooser
{
    internal const long SmallSync = 64 * 1024;

    internal const long EpochBytes = 8L << 20;

    /// <summary>Not measured after a switch: zeros left ahead, or the sync that carries the first zeros.</summary>
    internal const long WarmupBytes = 2L << 20;

    internal const int ProbeEvery = 8;

    private readonly object _lock = new();
    private readonly bool? _forced;
    private double _zeroCost = double.NaN;
    private double _growCost = double.NaN;
    private long _bytesPerSync;
    private long _ticks;
    private long _bytes;
    private long _warmup;
    private int _epochs;
    private bool _grow;
    private long _growSyncs;
    private long _syncs;

    /// <param name="forced">Always grow (true) or always zero-fill (false) instead of measuring (tests).</param>
    public GrowthChooser(bool? forced = null)
    {
        _forced = forced;
        _grow = forced ?? false;
    }

    /// <summary>True: let the file grow with its records; false: write zeros ahead.</summary>
    public bool Grow => Volatile.Read(ref _grow);

    /// <summary>Share of the syncs so far made while growing (benchmarks).</summary>
    public double GrowShare
    {
        get
        {
            lock (_lock)
            {
                return _syncs == 0 ? 0 : (double)_growSyncs / _syncs;
            }
        }
    }

    /// <summary>Moving average of the bytes each sync made durable.</summary>
    public long BytesPerSync => Volatile.Read(ref _bytesPerSync);

    /// <summary>Time spent writing zeros ahead: part of the zero way's cost.</summary>
    public void ZeroFilled(long ticks)
    {
        lock (_lock)
        {
            if (!_grow && _warmup <= 0)
            {
                _ticks += ticks;
            }
        }
    }

    public void Synced(long ticks, long bytes)
    {
        if (bytes <= 0)
        {
            return;
        }
        lock (_lock)
        {
            _syncs++;
            _growSyncs += _grow ? 1 : 0;
            Volatile.Write(ref _bytesPerSync, _bytesPerSync + ((bytes - _bytesPerSync) / 8));
            if (_forced is not null)
            {
                return;
            }
            if (_bytesPerSync < SmallSync)
            {
                Set(grow: false);
                return;
            }
            if (_warmup > 0)
            {
                _warmup -= bytes;
                return;
            }
            _ticks += ticks;
            _bytes += bytes;
            if (_bytes < EpochBytes)
            {
                return;
            }
            var cost = (double)_ticks / _bytes;
            if (_grow)
            {
                _growCost = double.IsNaN(_growCost) ? cost : (_growCost + cost) / 2;
            }
            else
            {
                _zeroCost = double.IsNaN(_zeroCost) ? cost : (_zeroCost + cost) / 2;
            }
            _ticks = _bytes = 0;
            _epochs++;
            var otherUnknown = double.IsNaN(_grow ? _zeroCost : _growCost);
            Set(otherUnknown || _epochs % ProbeEvery == 0 ? !_grow : _growCost < _zeroCost);
        }
    }

    private void Set(bool grow)
    {
        if (grow != _grow)
        {
            Volatile.Write(ref _grow, grow);
            _ticks = _bytes = 0;
            _warmup = WarmupBytes;
        }
    }
}
