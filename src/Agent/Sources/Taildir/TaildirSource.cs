using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sources.Taildir;

/// <summary>
/// Flume's <c>TAILDIR</c> source (reference §6): follows the files of each file group line by line, identified by
/// device and inode plus path, and remembers positions in Flume's JSON position file, so an agent switched from Java
/// Flume resumes where Flume stopped. Each poll re-matches the groups, reads changed files oldest first in batches
/// (at most <c>maxBatchCount</c> in a row per file), then drains and closes files idle for <c>idleTimeout</c>.
/// </summary>
/// <remarks>
/// Differences from Flume, each on purpose: the position file records only lines the sinks have stored (see
/// <see cref="SinkDeliveryMark"/>), so a kill -9 with a memory channel loses nothing; a file renamed to another
/// matching name while it is open is followed (Flume reads it again from 0), and so is one renamed while the agent was
/// stopped when its birth time shows it predates the last position write; the position file is replaced through a
/// rename instead of rewritten in place.
/// </remarks>
internal sealed class TaildirSource : IPollableSource, IMeteredSource, IReplayableSource, IInterruptible
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly TaildirSourceOptions _options;
    private readonly ChannelProcessor _processor;
    private readonly object _lock = new();
    private readonly object _writeLock = new();
    private readonly Dictionary<(ulong Device, ulong Inode), TailFile> _tailFiles = [];
    private readonly Queue<Ack> _acks = new();
    private readonly List<FlumeEvent> _events;
    private readonly List<TaildirMatcher> _matchers = [];
    private List<TailFile> _existing = [];
    private Timer? _positionWriter;
    private long _updateTime;
    private long _nextIdleCheck;
    private string? _lastError;
    private string? _lastWritten;
    private bool _channelRefused;
    private bool _stopped;
    private volatile bool _interrupted;

    public TaildirSource(string name, TaildirSourceOptions options, ChannelProcessor processor)
    {
        Name = name;
        _options = options;
        _processor = processor;
        _events = new List<FlumeEvent>(options.BatchSize);
        Counter = new SourceCounter(name);
    }

    public string Name { get; }

    public SourceCounter Counter { get; }

    public TimeSpan BackoffSleepIncrement => _options.BackoffSleepIncrement;

    public TimeSpan MaxBackoffSleep => _options.MaxBackoffSleep;

    /// <summary>The followed files (tests).</summary>
    internal IReadOnlyCollection<TailFile> TailFiles
    {
        get
        {
            lock (_lock)
            {
                return [.. _tailFiles.Values];
            }
        }
    }

    /// <summary>Ends a poll at the next batch boundary (the runner's drain limit passed); Stop follows.</summary>
    public void Interrupt() => _interrupted = true;

    /// <summary>Makes the next <see cref="Process"/> run the idle check (tests).</summary>
    internal void ForceIdleCheck() => _nextIdleCheck = 0;

    public void Start()
    {
        _matchers.Clear();
        foreach (var g in _options.FileGroups)
        {
            var matcher = new TaildirMatcher(g.Name, g.Pattern, _options.CachePatternMatching);
            if (!Directory.Exists(matcher.Directory))
            {
                throw new IOException($"Source '{Name}': directory {matcher.Directory} of file group '{g.Name}' does not exist");
            }
            _matchers.Add(matcher);
        }
        var positionDir = Path.GetDirectoryName(_options.PositionFile);
        if (!string.IsNullOrEmpty(positionDir))
        {
            Directory.CreateDirectory(positionDir);
        }
        CloseAll();
        UpdateTailFiles(_options.SkipToEnd);
        LoadPositions();
        Counter.Start();
        _nextIdleCheck = Now() + (long)_options.IdleTimeout.TotalMilliseconds;
        _stopped = false;
        _interrupted = false;
        _positionWriter = new Timer(_ => OnPositionTimer(), null, _options.WritePosInitialDelay ?? _options.WritePosInterval, _options.WritePosInterval);
        Log.Info("Source '{Source}' follows {Count} files of {Groups} file groups; positions in {PositionFile}",
            Name, _existing.Count, _matchers.Count, _options.PositionFile);
    }

    public void Stop()
    {
        var timer = Interlocked.Exchange(ref _positionWriter, null);
        if (timer is null)
        {
            return;
        }
        timer.Dispose();
        // Sinks still run while sources stop: give them a moment to store what was read, so the final positions include it.
        var deadline = Now() + (long)_options.StopDrainTimeout.TotalMilliseconds;
        while (PendingAcks() > 0 && Now() < deadline)
        {
            Thread.Sleep(10);
        }
        lock (_writeLock)
        {
            WritePositionsSafely();
            _stopped = true;
        }
        CloseAll();
        Counter.Stop();
        Log.Info("Source '{Source}' stopped", Name);
    }

    public ProcessStatus Process()
    {
        var status = ProcessStatus.Backoff;
        _channelRefused = false;
        try
        {
            UpdateTailFiles(false);
            foreach (var tf in _existing)
            {
                if (tf.NeedTail && TailFileProcess(tf, holdPartial: true))
                {
                    status = ProcessStatus.Ready;
                }
                if (_channelRefused)
                {
                    return ProcessStatus.Backoff;
                }
            }
            CloseIdleFiles();
            _lastError = null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Counter.IncrementEventReadFail();
            if (ex.Message != _lastError)
            {
                Log.Error("Source '{Source}': unable to tail files; retrying: {Reason}", Name, ex.Message);
                _lastError = ex.Message;
            }
            return ProcessStatus.Backoff;
        }
        return status;
    }

    /// <summary>Writes the position file now (the timer does it every writePosInterval).</summary>
    internal void WritePositions()
    {
        List<PositionEntry> entries;
        lock (_lock)
        {
            AdvanceStored();
            entries = new List<PositionEntry>(_existing.Count);
            foreach (var tf in _existing)
            {
                entries.Add(new PositionEntry((long)tf.Inode, tf.StoredPos, tf.Path));
            }
        }
        var text = PositionFile.Format(entries);
        lock (_writeLock)
        {
            if (text == _lastWritten && File.Exists(_options.PositionFile))
            {
                return;
            }
            PositionFile.Write(_options.PositionFile, entries);
            _lastWritten = text;
        }
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private void OnPositionTimer()
    {
        lock (_writeLock)
        {
            if (!_stopped)
            {
                WritePositionsSafely();
            }
        }
    }

    private void WritePositionsSafely()
    {
        try
        {
            WritePositions();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Counter.IncrementGenericProcessingFail();
            Log.Error("Source '{Source}': failed writing position file {PositionFile}: {Reason}", Name, _options.PositionFile, ex.Message);
        }
    }

    private int PendingAcks()
    {
        lock (_lock)
        {
            AdvanceStored();
            return _acks.Count;
        }
    }

    // Called with _lock held.
    private void AdvanceStored()
    {
        while (_acks.Count > 0 && _acks.Peek().Mark.Passed)
        {
            var a = _acks.Dequeue();
            if (a.Epoch == a.File.Epoch)
            {
                a.File.StoredPos = a.Pos;
            }
        }
    }

    private void UpdateTailFiles(bool skipToEnd)
    {
        _updateTime = Now();
        var existing = new List<TailFile>(_existing.Count);
        var seen = new HashSet<TailFile>(ReferenceEqualityComparer.Instance);
        lock (_lock)
        {
            foreach (var matcher in _matchers)
            {
                var headers = _options.FileGroups[_matchers.IndexOf(matcher)].Headers;
                foreach (var path in matcher.MatchingFiles())
                {
                    var stat = UnixFileStat.OfPath(path);
                    if (stat is not { } s)
                    {
                        continue;
                    }
                    var key = (s.Device, s.Inode);
                    if (!_tailFiles.TryGetValue(key, out var tf))
                    {
                        tf = OpenNew(path, s, skipToEnd ? s.Size : 0, headers);
                    }
                    else if (seen.Contains(tf))
                    {
                        continue;
                    }
                    else if (tf.Path != path)
                    {
                        tf = Renamed(tf, path, s, headers);
                    }
                    else
                    {
                        var updated = tf.LastUpdated < s.MTimeMillis || tf.Pos != s.Size;
                        if (updated)
                        {
                            tf.Open();
                            if (s.Size < tf.Pos)
                            {
                                Log.Info("Source '{Source}': {Path} is shorter ({Size} bytes) than its position {Pos}; it was truncated, reading it again from 0",
                                    Name, tf.Path, s.Size, tf.Pos);
                                tf.JumpTo(0);
                            }
                        }
                        tf.NeedTail = updated;
                    }
                    _tailFiles[key] = tf;
                    seen.Add(tf);
                    existing.Add(tf);
                }
            }
            _existing = existing;
        }
    }

    private TailFile OpenNew(string path, FileStat s, long pos, IReadOnlyDictionary<string, string> headers)
    {
        var tf = new TailFile(path, s.Device, s.Inode, pos, headers);
        tf.Open();
        Log.Info("Source '{Source}' opened {Path} (inode {Inode}) at {Pos}", Name, path, s.Inode, pos);
        return tf;
    }

    // The inode now has another matching name. While our handle is open the inode cannot have been reused, so it is
    // the same file renamed (a rotation): keep reading where we are. Otherwise do as Flume does: a new file, from 0.
    private TailFile Renamed(TailFile tf, string path, FileStat s, IReadOnlyDictionary<string, string> headers)
    {
        if (tf.Handle is { } handle)
        {
            var open = UnixFileStat.OfHandle(handle, tf.Path);
            if (open.Device == s.Device && open.Inode == s.Inode)
            {
                Log.Info("Source '{Source}': {Old} was renamed to {New}; following it at {Pos}", Name, tf.Path, path, tf.Pos);
                tf.Renamed(path);
                tf.Headers = headers;
                tf.NeedTail = true;
                return tf;
            }
        }
        tf.Close();
        return OpenNew(path, s, 0, headers);
    }

    private void LoadPositions()
    {
        PositionFile.LoadResult result;
        try
        {
            result = PositionFile.Load(_options.PositionFile);
        }
        catch (InvalidDataException ex)
        {
            throw new IOException($"Source '{Name}': position file {_options.PositionFile} cannot be used: {ex.Message} (fix or delete it)", ex);
        }
        if (result.SyntaxError is not null)
        {
            Log.Warn("Source '{Source}': position file {PositionFile} is not valid JSON ({Reason}); files without a position read from the start",
                Name, _options.PositionFile, result.SyntaxError);
        }
        if (result.Entries.Count == 0)
        {
            return;
        }
        var written = File.GetLastWriteTimeUtc(_options.PositionFile);
        var writtenMillis = new DateTimeOffset(written).ToUnixTimeMilliseconds();
        lock (_lock)
        {
            var exactPaths = new HashSet<string>(StringComparer.Ordinal);
            var unmatched = new List<PositionEntry>();
            foreach (var e in result.Entries)
            {
                if (Find(e.Inode, e.File) is { } tf)
                {
                    tf.JumpTo(e.Pos);
                    exactPaths.Add(tf.Path);
                }
                else
                {
                    unmatched.Add(e);
                }
            }
            foreach (var e in unmatched)
            {
                // Renamed while the agent was down: the inode now has another matching name. The inode may also have been
                // reused by a new file, which then was born after the position file was last written: not resumed.
                var candidate = FindByInode(e.Inode, exactPaths);
                var stat = candidate is null ? null : UnixFileStat.OfPath(candidate.Path);
                if (candidate is not null && stat?.BirthMillis is { } born && born < writtenMillis && stat.Value.Size >= e.Pos)
                {
                    Log.Info("Source '{Source}': {Old} (inode {Inode}) is now {New}; resuming it at {Pos}", Name, e.File, e.Inode, candidate.Path, e.Pos);
                    candidate.JumpTo(e.Pos);
                    exactPaths.Add(candidate.Path);
                }
                else
                {
                    Log.Info("Source '{Source}': missing file {Path}, inode {Inode}, pos {Pos}", Name, e.File, e.Inode, e.Pos);
                }
            }
        }
    }

    private TailFile? Find(long inode, string path)
    {
        foreach (var tf in _tailFiles.Values)
        {
            if ((long)tf.Inode == inode && tf.Path == path)
            {
                return tf;
            }
        }
        return null;
    }

    private TailFile? FindByInode(long inode, HashSet<string> taken)
    {
        foreach (var tf in _tailFiles.Values)
        {
            if ((long)tf.Inode == inode && !taken.Contains(tf.Path))
            {
                return tf;
            }
        }
        return null;
    }

    /// <returns>True when it stopped because of <c>maxBatchCount</c> (more lines may be waiting).</returns>
    private bool TailFileProcess(TailFile tf, bool holdPartial)
    {
        long batches = 0;
        while (!_interrupted)
        {
            _events.Clear();
            tf.ReadEvents(_options.BatchSize, holdPartial, _options.ByteOffsetHeader, _options.FileHeaderKey, _events);
            var n = _events.Count;
            if (n == 0)
            {
                return false;
            }
            Counter.AddEventsReceived(n);
            Counter.IncrementAppendBatchReceived();
            try
            {
                _processor.ProcessBatch(_events);
            }
            catch (ChannelException ex)
            {
                Counter.IncrementChannelWriteFail();
                Log.Warn("Source '{Source}': the channel refused {Count} lines of {Path}; they are read again after a pause: {Reason}", Name, n, tf.Path, ex.Message);
                tf.Rewind();
                _channelRefused = true;
                return false;
            }
            var mark = SinkDeliveryMark.After(_processor, _events);
            var pos = tf.Commit();
            tf.LastUpdated = _updateTime;
            lock (_lock)
            {
                _acks.Enqueue(new Ack(tf, tf.Epoch, pos, mark));
            }
            Counter.AddEventsAccepted(n);
            Counter.IncrementAppendBatchAccepted();
            if (n < _options.BatchSize)
            {
                return false;
            }
            if (++batches >= _options.MaxBatchCount)
            {
                return true;
            }
        }
        return false;
    }

    private void CloseIdleFiles()
    {
        var now = Now();
        if (now < _nextIdleCheck)
        {
            return;
        }
        _nextIdleCheck = now + (long)_options.IdleCheckInterval.TotalMilliseconds;
        var idle = new List<TailFile>();
        lock (_lock)
        {
            foreach (var tf in _tailFiles.Values)
            {
                if (tf.IsOpen && tf.LastUpdated + (long)_options.IdleTimeout.TotalMilliseconds < now)
                {
                    idle.Add(tf);
                }
            }
        }
        foreach (var tf in idle)
        {
            // Idle close drains the file once, its last line without a newline included (as Flume).
            TailFileProcess(tf, holdPartial: false);
            if (_channelRefused)
            {
                return;
            }
            tf.Close();
            Log.Info("Source '{Source}': closed idle file {Path}, inode {Inode}, pos {Pos}", Name, tf.Path, tf.Inode, tf.Pos);
            lock (_lock)
            {
                if (!_existing.Contains(tf) && _tailFiles.TryGetValue((tf.Device, tf.Inode), out var current) && current == tf)
                {
                    _tailFiles.Remove((tf.Device, tf.Inode));
                }
            }
        }
    }

    private void CloseAll()
    {
        lock (_lock)
        {
            foreach (var tf in _tailFiles.Values)
            {
                tf.Close();
            }
            _tailFiles.Clear();
            _acks.Clear();
            _existing = [];
        }
    }

    private readonly record struct Ack(TailFile File, int Epoch, long Pos, SinkDeliveryMark Mark);
}
