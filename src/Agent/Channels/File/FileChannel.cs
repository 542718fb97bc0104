using System.Diagnostics;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using NLog;

// "Files", not "File" like the folder: a namespace named File would hide System.IO.File in every sibling namespace.
namespace FlumeNet.Agent.Channels.Files;

/// <summary>
/// Flume's file channel (reference §5) with FlumeNet's own on-disk format: a write-ahead log per data directory and a
/// periodic checkpoint of the queue. The queue holds only log pointers; a take reads the event back from its log file.
/// A transaction's records are written with one write at commit; a put commit returns once they are synced (group
/// commit shares one fdatasync between concurrent commits), unless fsyncPerTransaction is false. A take commit returns
/// once written: the next put commit's sync covers it, or a sync at most 0.1 s later (losing a
/// take record to a power loss only delivers its events again; a killed process leaves it in the page cache). Capacity counts
/// committed events until their take commits; a put commit waits up to keep-alive for room; a take on an empty channel
/// returns null at once, as in Flume.
/// </summary>
public sealed class FileChannel : IChannel, ILifecycleComponent, IDurableChannel, IDisposable
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    private readonly object _lock = new();
    private readonly object _checkpointLock = new();
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private readonly HashSet<FileTransaction> _takers = [];
    private PointerDeque _queue = new();
    private int _used;
    private readonly CommitActivity _activity = new();
    private int _putSizeHint;
    private int _nextWriter;
    private LogStore? _store;
    private LogWriter[] _writers = [];
    private SequenceCounter _sequence = new(0);
    private ChannelDirectories? _dirs;
    private Timer? _checkpointTimer;
    private Timer? _syncTimer;
    private Timer? _takeSyncTimer;
    private int _takeSyncArmed;
    private volatile bool _open;
    private string _closedBecause = "it has not started";

    public FileChannel(string name, FileChannelSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Name = name;
        Settings = settings;
        Counter = new ChannelCounter(name, settings.Capacity);
    }

    public string Name { get; }

    public ChannelCounter Counter { get; }

    public FileChannelSettings Settings { get; }

    public int TransactionCapacity => Settings.TransactionCapacity;

    /// <summary>Events queued (committed, not taken).</summary>
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

    public bool IsOpen => _open;

    /// <summary>Log files currently kept, across all data directories (for tests and diagnostics).</summary>
    internal int LogFileCount => _store?.All.Count ?? 0;

    /// <summary>fdatasyncs of log files since start, all data directories.</summary>
    internal long LogSyncs => _writers.Sum(w => w.Syncs);

    /// <summary>Stopwatch ticks spent in the syncs of <see cref="LogSyncs"/> .</summary>
    internal long LogSyncTicks => _writers.Sum(w => w.SyncTicks);

    /// <summary>Share of the first data directory's syncs made while its log grew instead of being zero-filled.</summary>
    internal double LogGrowShare => _writers.Length == 0 ? 0 : _writers[0].GrowShare;

    /// <summary>Bytes written to the logs and not yet synced, all data directories.</summary>
    internal long UnsyncedLogBytes => _writers.Sum(w => w.Unsynced);

    /// <summary>Per data directory: the active log file and the position the next commit is written at.</summary>
    internal (int FileId, long Position)[] WriterPositions
    {
        get
        {
            var result = new (int, long)[_writers.Length];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = _writers[i].Position;
            }
            return result;
        }
    }

    /// <summary>Opens the directories, takes their locks, replays the log and starts the checkpoint timer.</summary>
    public void Start()
    {
        if (_open)
        {
            return;
        }
        var watch = Stopwatch.StartNew();
        try
        {
            _dirs = ChannelDirectories.Open(Name, Settings);
            var checkpoint = LoadCheckpoint(out var source);
            _store = new LogStore();
            var replay = new Replay(Name, _store);
            var (queue, lastSeq, lastFileId) = replay.Run(Settings.DataDirs, checkpoint);
            _store.AdvanceTo(lastFileId);
            VerifyPointers(queue);
            _queue = queue;
            _used = queue.Count;
            _sequence = new SequenceCounter(lastSeq);
            _writers = new LogWriter[Settings.DataDirs.Count];
            for (var i = 0; i < _writers.Length; i++)
            {
                _writers[i] = new LogWriter(_store, i, Settings, _activity);
                _writers[i].Roll();
            }
            Counter.SetSize(queue.Count);
            _open = true;
            if (queue.Count > Settings.Capacity)
            {
                Log.Warn("File channel '{Channel}' holds {Count} events, more than its capacity {Capacity}; puts wait until sinks take enough of them",
                    Name, queue.Count, Settings.Capacity);
            }
            try
            {
                WriteCheckpoint();
            }
            catch (IOException ex)
            {
                // Start anyway: sinks can still drain the channel (a nearly full disk refuses puts, not takes).
                Log.Warn("File channel '{Channel}': the checkpoint after replay failed, retrying at the next interval: {Reason}", Name, ex.Message);
            }
            Log.Info("File channel '{Channel}' started with {Count} events ({Source}, {Files} log files read, {Ms} ms)",
                Name, queue.Count, source, replay.FilesRead, watch.ElapsedMilliseconds);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or ChannelException)
        {
            _closedBecause = ex.Message;
            Close();
            if (ex is IOException)
            {
                throw;
            }
            throw new IOException($"File channel '{Name}' cannot start: {ex.Message}", ex);
        }
        _checkpointTimer = new Timer(_ => TimedCheckpoint(), null, Settings.CheckpointInterval, Settings.CheckpointInterval);
        if (Settings.FsyncPerTransaction)
        {
            _takeSyncTimer = new Timer(_ => TakeSync(), null, Timeout.Infinite, Timeout.Infinite);
        }
        else
        {
            _syncTimer = new Timer(_ => TimedSync(), null, Settings.FsyncInterval, Settings.FsyncInterval);
        }
    }

    /// <summary>Waits for commits in flight, writes a checkpoint when checkpointOnClose, and releases the directories.</summary>
    public void Stop()
    {
        if (!_open)
        {
            return;
        }
        _checkpointTimer?.Dispose();
        _syncTimer?.Dispose();
        _takeSyncTimer?.Dispose();
        lock (_checkpointLock)
        {
            if (Settings.CheckpointOnClose)
            {
                try
                {
                    WriteCheckpoint();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Log.Warn("File channel '{Channel}': checkpoint at stop failed, the next start replays the logs: {Reason}", Name, ex.Message);
                }
            }
            _gate.EnterWriteLock();
            try
            {
                _open = false;
                _closedBecause = "it was stopped";
                foreach (var w in _writers)
                {
                    TrySync(w);
                }
            }
            finally
            {
                _gate.ExitWriteLock();
            }
            Close();
        }
        Log.Info("File channel '{Channel}' stopped with {Count} events", Name, Count);
    }

    /// <summary>Closes files and locks without a checkpoint or a sync, as a killed process would (tests of replay).</summary>
    internal void Abandon()
    {
        _checkpointTimer?.Dispose();
        _syncTimer?.Dispose();
        _takeSyncTimer?.Dispose();
        lock (_checkpointLock)
        {
            _gate.EnterWriteLock();
            try
            {
                _closedBecause = "it was abandoned";
                Close();
            }
            finally
            {
                _gate.ExitWriteLock();
            }
        }
    }

    public void Dispose()
    {
        Stop();
        _gate.Dispose();
    }

    public IChannelTransaction BeginTransaction()
    {
        if (!_open)
        {
            throw new InvalidOperationException($"Channel closed [channel={Name}]. Due to {_closedBecause}");
        }
        return new FileTransaction(this);
    }

    /// <summary>Writes a checkpoint now (tests; the timer calls it every checkpointInterval).</summary>
    public void Checkpoint()
    {
        lock (_checkpointLock)
        {
            if (_open)
            {
                WriteCheckpoint();
            }
        }
    }

    internal CommitActivity Activity => _activity;

    /// <summary>The size of the last put transaction's records: the next one's first buffer (no regrowing per batch).</summary>
    internal int PutSizeHint
    {
        get => Volatile.Read(ref _putSizeHint);
        set => Volatile.Write(ref _putSizeHint, value);
    }

    /// <summary>Removes the head of the queue for <paramref name="tx"/>; -1 when the queue is empty.</summary>
    internal long TakePointer(FileTransaction tx)
    {
        EnsureOpen();
        lock (_lock)
        {
            if (_queue.Count == 0)
            {
                return -1;
            }
            var p = _queue.RemoveFirst();
            if (tx.Taken.Count == 0)
            {
                _takers.Add(tx);
            }
            tx.Taken.Add(p);
            Counter.SetSize(_queue.Count);
            return p;
        }
    }

    /// <summary>Removes up to <paramref name="max"/> pointers from the head of the queue for <paramref name="tx"/>.</summary>
    /// <returns>How many were appended to <see cref="FileTransaction.Taken"/>.</returns>
    internal int TakePointers(FileTransaction tx, int max)
    {
        EnsureOpen();
        lock (_lock)
        {
            var n = Math.Min(max, _queue.Count);
            if (n == 0)
            {
                return 0;
            }
            if (tx.Taken.Count == 0)
            {
                _takers.Add(tx);
            }
            for (var i = 0; i < n; i++)
            {
                tx.Taken.Add(_queue.RemoveFirst());
            }
            Counter.SetSize(_queue.Count);
            return n;
        }
    }

    internal LogFile? FileOf(long pointer) => _store?.Find(LogFormat.FileOf(pointer));

    internal void CommitPuts(FileTransaction tx)
    {
        EnsureOpen();
        var n = tx.PutCount;
        Reserve(n);
        try
        {
            _gate.EnterReadLock();
            try
            {
                EnsureOpen();
                var writer = NextWriter();
                var (fileId, offset, ticket) = writer.Append(tx.Buffer, tx.Length, tx.CommitOffset, _sequence, isPut: true);
                if (Settings.FsyncPerTransaction)
                {
                    writer.WaitDurable(ticket);
                }
                lock (_lock)
                {
                    var offsets = tx.RecordOffsets;
                    for (var i = 0; i < n; i++)
                    {
                        _queue.AddLast(LogFormat.Pointer(fileId, offset + offsets[i]));
                    }
                    Counter.SetSize(_queue.Count);
                    // Counted under the lock so counters follow the queue order (see MemoryChannel).
                    Counter.AddPutSuccesses(n);
                }
            }
            finally
            {
                _gate.ExitReadLock();
            }
        }
        catch
        {
            Release(n);
            throw;
        }
    }

    internal void CommitTakes(FileTransaction tx)
    {
        EnsureOpen();
        _gate.EnterReadLock();
        try
        {
            EnsureOpen();
            var writer = NextWriter();
            writer.Append(tx.Buffer, tx.Length, tx.CommitOffset, _sequence, isPut: false);
            if (Settings.FsyncPerTransaction)
            {
                ArmTakeSync();
            }
            lock (_lock)
            {
                _takers.Remove(tx);
                _used -= tx.Taken.Count;
                Counter.AddTakeSuccesses(tx.Taken.Count);
                Monitor.PulseAll(_lock);
            }
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    internal void ReturnTaken(FileTransaction tx)
    {
        lock (_lock)
        {
            var taken = tx.Taken;
            for (var i = taken.Count - 1; i >= 0; i--)
            {
                _queue.AddFirst(taken[i]);
            }
            _takers.Remove(tx);
            Counter.SetSize(_queue.Count);
        }
    }

    private void Reserve(int n)
    {
        lock (_lock)
        {
            var deadline = Environment.TickCount64 + (long)Settings.KeepAlive.TotalMilliseconds;
            while ((long)_used + n > Settings.Capacity)
            {
                var wait = deadline - Environment.TickCount64;
                if (wait <= 0 || !_open)
                {
                    throw new ChannelFullException(
                        $"The channel has reached it's capacity. This might be the result of a sink on the channel having too low of batch size, a downstream system running slower than normal, or that the channel capacity is just too low. [channel={Name}, capacity {Settings.Capacity}]");
                }
                Monitor.Wait(_lock, (int)Math.Min(wait, int.MaxValue));
            }
            _used += n;
        }
    }

    private void Release(int n)
    {
        lock (_lock)
        {
            _used -= n;
            Monitor.PulseAll(_lock);
        }
    }

    private LogWriter NextWriter() => _writers[(int)((uint)Interlocked.Increment(ref _nextWriter) % (uint)_writers.Length)];

    private void EnsureOpen()
    {
        if (!_open)
        {
            throw new ChannelException($"Channel closed [channel={Name}]. Due to {_closedBecause}");
        }
    }

    private Checkpoint? LoadCheckpoint(out string source)
    {
        source = "no checkpoint, full replay";
        try
        {
            if (Files.Checkpoint.Read(Settings.CheckpointDir) is { } primary)
            {
                source = "from checkpoint";
                return primary;
            }
        }
        catch (InvalidDataException ex)
        {
            Log.Warn("File channel '{Channel}': the checkpoint is unusable: {Reason}", Name, ex.Message);
            if (Settings.UseDualCheckpoints)
            {
                try
                {
                    if (Files.Checkpoint.Read(Settings.BackupCheckpointDir!) is { } backup)
                    {
                        Log.Warn("File channel '{Channel}': using the backup checkpoint in {Dir}", Name, Settings.BackupCheckpointDir);
                        source = "from the backup checkpoint";
                        return backup;
                    }
                }
                catch (InvalidDataException bex)
                {
                    Log.Warn("File channel '{Channel}': the backup checkpoint is unusable too: {Reason}", Name, bex.Message);
                }
            }
            Log.Warn("File channel '{Channel}': replaying every log file (events already taken may be delivered again)", Name);
            source = "corrupt checkpoint, full replay";
        }
        return null;
    }

    private void VerifyPointers(PointerDeque queue)
    {
        var all = new List<long>(queue.Count);
        queue.CopyTo(all);
        var last = -1;
        foreach (var p in all)
        {
            var id = LogFormat.FileOf(p);
            if (id != last && _store!.Find(id) is null)
            {
                throw new InvalidDataException(
                    $"queued events are in log file {LogFile.NameOf(id)}, which no directory of dataDirs holds (was a directory removed from dataDirs?)");
            }
            last = id;
        }
    }

    // Caller holds _checkpointLock (or is Start, before any transaction).
    private void WriteCheckpoint()
    {
        var free = new DriveInfo(Settings.CheckpointDir).AvailableFreeSpace;
        if (free < Settings.MinimumRequiredSpace)
        {
            throw new IOException($"only {free} bytes free in checkpointDir {Settings.CheckpointDir}, below minimumRequiredSpace {Settings.MinimumRequiredSpace}");
        }
        var pointers = new List<long>();
        var starts = new (int FileId, long Position)[_writers.Length];
        long seq;
        // Commits hold the gate from their write to their queue update, so the snapshot and the positions agree.
        _gate.EnterWriteLock();
        try
        {
            lock (_lock)
            {
                pointers.Capacity = _used + 16;
                foreach (var t in _takers)
                {
                    pointers.AddRange(t.Taken);
                }
                _queue.CopyTo(pointers);
            }
            for (var i = 0; i < _writers.Length; i++)
            {
                starts[i] = _writers[i].Position;
            }
            seq = _sequence.Last;
        }
        finally
        {
            _gate.ExitWriteLock();
        }
        // Without fsyncPerTransaction the records a checkpoint points to may not be on disk yet.
        foreach (var w in _writers)
        {
            w.SyncNow();
        }
        var lastFileId = 0;
        foreach (var f in _store!.All)
        {
            lastFileId = Math.Max(lastFileId, f.Id);
        }
        var cp = new Checkpoint { Sequence = seq, LastFileId = lastFileId, Starts = starts, Pointers = pointers };
        cp.Write(Settings.CheckpointDir);
        if (Settings.UseDualCheckpoints)
        {
            try
            {
                cp.Write(Settings.BackupCheckpointDir!);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.Warn("File channel '{Channel}': writing the backup checkpoint to {Dir} failed, old log files are kept until it succeeds: {Reason}",
                    Name, Settings.BackupCheckpointDir, ex.Message);
                return;
            }
        }
        DeleteUnneeded(cp);
    }

    // A log file can go once it is older than where replay starts in its directory and no queued event lives in it.
    private void DeleteUnneeded(Checkpoint cp)
    {
        var live = new HashSet<int>();
        var last = -1;
        foreach (var p in cp.Pointers)
        {
            var id = LogFormat.FileOf(p);
            if (id != last)
            {
                live.Add(id);
                last = id;
            }
        }
        foreach (var f in _store!.All.ToArray())
        {
            if (f.DirIndex < cp.Starts.Count && f.Id < cp.Starts[f.DirIndex].FileId && !live.Contains(f.Id))
            {
                try
                {
                    _store.Delete(f);
                    Log.Debug("File channel '{Channel}': deleted {File}", Name, f.Path);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Log.Warn("File channel '{Channel}': cannot delete {File}: {Reason}", Name, f.Path, ex.Message);
                }
            }
        }
    }

    private void TimedCheckpoint()
    {
        try
        {
            Checkpoint();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or ChannelException)
        {
            Log.Warn("File channel '{Channel}': checkpoint failed, retrying at the next interval: {Reason}", Name, ex.Message);
        }
    }

    private void TimedSync()
    {
        foreach (var w in _writers)
        {
            TrySync(w);
        }
    }

    // At most one pending timer: the callback disarms before it syncs, so a take written after that arms the next one.
    private void ArmTakeSync()
    {
        if (Interlocked.Exchange(ref _takeSyncArmed, 1) == 0)
        {
            try
            {
                _takeSyncTimer?.Change(Settings.TakeSyncDelay, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // Stopping: Stop syncs every log itself.
            }
        }
    }

    private void TakeSync()
    {
        Volatile.Write(ref _takeSyncArmed, 0);
        foreach (var w in _writers)
        {
            if (!_open)
            {
                return;
            }
            TrySync(w);
        }
    }

    private void TrySync(LogWriter w)
    {
        try
        {
            w.SyncNow();
        }
        catch (ObjectDisposedException) when (!_open)
        {
            // A timer's sync overlapping Stop, which syncs every log itself.
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            if (Settings.FsyncPerTransaction)
            {
                // Put commits waiting on these bytes fail on their own (LogWriter); takes cost duplicates at worst.
                Log.Warn("File channel '{Channel}': syncing {Dir} failed; takes committed since the last sync may be delivered again after a power failure: {Reason}", Name, w.Dir, ex.Message);
            }
            else
            {
                Log.Error("File channel '{Channel}': syncing {Dir} failed; commits since the last sync may be lost on power failure: {Reason}", Name, w.Dir, ex.Message);
            }
        }
    }

    private void Close()
    {
        _open = false;
        _store?.Dispose();
        _store = null;
        _dirs?.Dispose();
        _dirs = null;
    }
}
