using System.Buffers.Binary;
using System.Diagnostics;
using FlumeNet.Agent.Core;
using Microsoft.Win32.SafeHandles;

namespace FlumeNet.Agent.Channels.Files;

/// <summary>
/// Appends transactions to the active log file of one data directory and makes them durable with group commit: the first
/// committer to need a sync becomes the leader, waits briefly while other transactions are about to append (so one
/// fdatasync covers them all), syncs, and releases every committer whose bytes it covered. Files roll at maxFileSize and
/// after a failed write. Room for records is made by writing zeros ahead or by letting the file grow, whichever
/// <see cref="GrowthChooser"/> measures to cost less.
/// </summary>
internal sealed class LogWriter
{
    private const int PreallocateChunk = 1 << 20;
    private static readonly byte[] Zeros = new byte[PreallocateChunk];
    private static readonly long MinCoalesceTicks = Stopwatch.Frequency / 4000;
    private static readonly long MaxCoalesceTicks = Stopwatch.Frequency / 100;
    private static readonly long QuietTicks = Stopwatch.Frequency / 5000;

    private readonly LogStore _store;
    private readonly FileChannelSettings _settings;
    private readonly CommitActivity _activity;
    private readonly GrowthChooser _growth;
    private readonly object _write = new();
    private readonly object _sync = new();
    private LogFile? _current;
    private long _position;
    private long _allocated;
    private long _written;
    private long _synced;
    private bool _syncing;
    private bool _rollNeeded;
    private long _lastSyncTicks = MaxCoalesceTicks;
    private long _freeSpace;
    private long _freeSpaceCheckedAt = long.MinValue;
    private long _syncs;
    private long _syncTicks;

    // Bytes (_failedFrom, _failedThrough] were written before a failed sync: their durability is unknown even if a later
    // sync succeeds (Linux reports a writeback error to one fdatasync only), so their put commits fail.
    private long _failedFrom = long.MaxValue;
    private long _failedThrough = -1;
    private string _failure = "";

    public LogWriter(LogStore store, int dirIndex, FileChannelSettings settings, CommitActivity activity)
    {
        _store = store;
        DirIndex = dirIndex;
        Dir = settings.DataDirs[dirIndex];
        _settings = settings;
        _activity = activity;
        _growth = new GrowthChooser(settings.GrowLogFiles);
        Preallocate = true;
    }

    public int DirIndex { get; }

    public string Dir { get; }

    /// <summary>Zero-fill ahead of the write position (off only in tests that look at file sizes).</summary>
    public bool Preallocate { get; init; }

    /// <summary>The active file and the position replay must start from (read while commits are paused).</summary>
    public (int FileId, long Position) Position
    {
        get
        {
            lock (_write)
            {
                return (_current?.Id ?? -1, _position);
            }
        }
    }

    public int ActiveFileId => Volatile.Read(ref _current)?.Id ?? -1;

    /// <summary>fdatasyncs of log files so far (benchmarks: syncs per commit).</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>Time spent in those fdatasyncs, in Stopwatch ticks (benchmarks: the disk's own latency).</summary>
    public long SyncTicks => Interlocked.Read(ref _syncTicks);

    public long Unsynced => Math.Max(0, Volatile.Read(ref _written) - Volatile.Read(ref _synced));

    /// <summary>Moving average of the bytes each sync made durable (decides whether zeros are written ahead).</summary>
    public long BytesPerSync => _growth.BytesPerSync;

    /// <summary>Whether the active file grows with its records now (false: zeros are written ahead).</summary>
    public bool Grows => _growth.Grow;

    /// <summary>Share of the syncs so far made while the file grew (benchmarks).</summary>
    public double GrowShare => _growth.GrowShare;

    /// <summary>Starts a new file (at start and at each roll).</summary>
    public void Roll()
    {
        lock (_write)
        {
            RollLocked();
        }
        lock (_sync)
        {
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>
    /// Appends one transaction's records. <paramref name="commitOffset"/> is where its Commit record starts: its sequence
    /// number is stamped and sealed here, under the write lock, so sequence numbers grow in file order.
    /// </summary>
    /// <returns>The file and offset of the first byte, and the ticket to wait on for durability.</returns>
    /// <remarks>Put commits check free space, take commits do not (they free space): <paramref name="isPut"/>.</remarks>
    public (int FileId, long Offset, long Ticket) Append(byte[] buffer, int length, int commitOffset, SequenceCounter sequence, bool isPut)
    {
        (int, long, long) result;
        lock (_write)
        {
            if (isPut)
            {
                CheckSpace(length);
            }
            if (_rollNeeded || _current is null || (_position + length > _settings.MaxFileSize && _position > LogFormat.FileHeaderSize))
            {
                RollLocked();
            }
            if (_position + length > int.MaxValue)
            {
                throw new ChannelException($"A transaction of {length} bytes does not fit in a log file; commit smaller batches");
            }
            var commit = buffer.AsSpan(commitOffset, LogFormat.HeaderSize + LogFormat.CommitPayloadSize);
            BinaryPrimitives.WriteInt64LittleEndian(commit[(LogFormat.HeaderSize + 8)..], sequence.Next());
            LogFormat.Seal(commit);
            var file = _current!;
            try
            {
                if (Preallocate && _position + length > _allocated)
                {
                    if (!_growth.Grow)
                    {
                        PreallocateFor(file, length);
                    }
                    else
                    {
                        // Growing the file: zeros written later start at its end, never over these records.
                        _allocated = _position + length;
                    }
                }
                RandomAccess.Write(file.Handle, buffer.AsSpan(0, length), _position);
            }
            catch (IOException ex)
            {
                // The bytes after the last good record are unknown now; never append behind them.
                _rollNeeded = true;
                throw new ChannelException($"Commit failed due to IO error writing {file.Path}: {ex.Message}", ex);
            }
            result = (file.Id, _position, _written + length);
            _position += length;
            _written += length;
            _freeSpace -= length;
        }
        lock (_sync)
        {
            Monitor.PulseAll(_sync);
        }
        return result;
    }

    /// <summary>Returns once every byte up to <paramref name="ticket"/> is on disk (group commit).</summary>
    public void WaitDurable(long ticket)
    {
        Monitor.Enter(_sync);
        try
        {
            while (true)
            {
                // The failure first: a sync after it (a roll's, a retry) can succeed without these bytes being durable.
                if (ticket <= Volatile.Read(ref _failedThrough) && ticket > Volatile.Read(ref _failedFrom))
                {
                    throw new ChannelException($"Commit failed due to IO error syncing a log file in {Dir}: {Volatile.Read(ref _failure)}");
                }
                if (Volatile.Read(ref _synced) >= ticket)
                {
                    return;
                }
                if (_syncing)
                {
                    Monitor.Wait(_sync);
                    continue;
                }
                _syncing = true;
                Coalesce();
                Exception? failure = null;
                Monitor.Exit(_sync);
                try
                {
                    SyncNow();
                }
                catch (IOException ex)
                {
                    failure = ex;
                }
                finally
                {
                    Monitor.Enter(_sync);
                    _syncing = false;
                    Monitor.PulseAll(_sync);
                }
                if (failure is not null)
                {
                    throw new ChannelException($"Commit failed due to IO error syncing a log file in {Dir}: {failure.Message}", failure);
                }
            }
        }
        finally
        {
            Monitor.Exit(_sync);
        }
    }

    /// <summary>Syncs whatever was written and not yet synced (checkpoints, close, the fsyncInterval timer).</summary>
    public void SyncNow()
    {
        // Read the target before the file: a roll in between has synced the old file up to at least the target.
        var target = Volatile.Read(ref _written);
        var file = Volatile.Read(ref _current);
        if (file is null || Volatile.Read(ref _synced) >= target)
        {
            return;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            _settings.DataSync(file.Handle);
        }
        catch (IOException ex)
        {
            lock (_write)
            {
                MarkFailedLocked(ex);
            }
            throw;
        }
        var took = Stopwatch.GetTimestamp() - started;
        Interlocked.Increment(ref _syncs);
        Interlocked.Add(ref _syncTicks, took);
        Volatile.Write(ref _lastSyncTicks, took);
        _growth.Synced(took, target - Volatile.Read(ref _synced));
        AdvanceSynced(target);
    }

    // Called by the leader holding _sync: give put transactions that are about to append a moment to join this sync
    // (several sources on one channel). It waits for open ones that put within the last 0.2 ms (a quiet one, a source
    // waiting for input, is not about to commit), up to one sync's time: the break-even point, as a commit that misses
    // this sync waits for the whole next one. Take commits do not wait for syncs (FileChannel.CommitTakes), so a lone
    // source's commit syncs at once.
    private void Coalesce()
    {
        var budget = Math.Clamp(Volatile.Read(ref _lastSyncTicks), MinCoalesceTicks, MaxCoalesceTicks);
        var deadline = Stopwatch.GetTimestamp() + budget;
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            var quietAt = _activity.LastTicks + QuietTicks;
            if (_activity.Open == 0 || now >= quietAt || now >= deadline)
            {
                return;
            }
            var left = Math.Min(deadline, quietAt) - now;
            Monitor.Wait(_sync, TimeSpan.FromTicks(Math.Max(1, left * TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
        }
    }

    // Caller holds _write: no append can slip between the mark and the roll it forces.
    private void MarkFailedLocked(IOException ex)
    {
        _rollNeeded = true;
        Volatile.Write(ref _failure, ex.Message);
        Volatile.Write(ref _failedFrom, Math.Min(_failedFrom, Volatile.Read(ref _synced)));
        Volatile.Write(ref _failedThrough, _written);
        lock (_sync)
        {
            Monitor.PulseAll(_sync);
        }
    }

    private void AdvanceSynced(long target)
    {
        var seen = Volatile.Read(ref _synced);
        while (seen < target)
        {
            var was = Interlocked.CompareExchange(ref _synced, target, seen);
            if (was == seen)
            {
                return;
            }
            seen = was;
        }
    }

    private void RollLocked()
    {
        var old = _current;
        if (old is not null)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                _settings.DataSync(old.Handle);
                Interlocked.Increment(ref _syncs);
                Interlocked.Add(ref _syncTicks, Stopwatch.GetTimestamp() - started);
                AdvanceSynced(_written);
            }
            catch (IOException ex)
            {
                // Its waiting committers fail through the mark; the new file starts clean either way.
                MarkFailedLocked(ex);
            }
        }
        var id = _store.NextFileId();
        var path = System.IO.Path.Combine(Dir, LogFile.NameOf(id));
        SafeFileHandle handle;
        try
        {
            handle = System.IO.File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite);
            Span<byte> header = stackalloc byte[LogFormat.FileHeaderSize];
            LogFormat.FileMagic.CopyTo(header);
            BinaryPrimitives.WriteInt64LittleEndian(header[8..], id);
            RandomAccess.Write(handle, header, 0);
            DiskSync.Data(handle);
            DiskSync.Directory(Dir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _rollNeeded = true;
            throw new ChannelException($"Cannot create log file {path} (dataDirs): {ex.Message}", ex);
        }
        var file = new LogFile(id, DirIndex, path, handle);
        _store.Add(file);
        Volatile.Write(ref _current, file);
        _position = LogFormat.FileHeaderSize;
        _allocated = LogFormat.FileHeaderSize;
        _rollNeeded = false;
    }

    // Best effort: on a nearly full disk the zeros may not fit while the records still do (takes must keep working).
    private void PreallocateFor(LogFile file, int length)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            while (_position + length > _allocated)
            {
                RandomAccess.Write(file.Handle, Zeros, _allocated);
                _allocated += PreallocateChunk;
                _freeSpace -= PreallocateChunk;
            }
        }
        catch (IOException)
        {
            _allocated = long.MaxValue;
        }
        _growth.ZeroFilled(Stopwatch.GetTimestamp() - started);
    }

    private void CheckSpace(int length)
    {
        length += PreallocateChunk;
        var now = Environment.TickCount64;
        if (now - _freeSpaceCheckedAt > 15_000 || _freeSpace - length < _settings.MinimumRequiredSpace)
        {
            _freeSpace = new DriveInfo(Dir).AvailableFreeSpace;
            _freeSpaceCheckedAt = now;
        }
        if (_freeSpace - length < _settings.MinimumRequiredSpace)
        {
            throw new ChannelException(
                $"Usable space exhausted: {_freeSpace} bytes free in {Dir}, below minimumRequiredSpace {_settings.MinimumRequiredSpace}; free disk space or lower minimumRequiredSpace");
        }
    }
}

/// <summary>The channel-wide commit sequence: orders transactions across data directories at replay.</summary>
internal sealed class SequenceCounter
{
    private long _value;

    public SequenceCounter(long last) => _value = last;

    public long Last => Volatile.Read(ref _value);

    public long Next() => Interlocked.Increment(ref _value);
}
