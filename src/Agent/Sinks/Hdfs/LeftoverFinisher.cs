using FlumeNet.Agent.Hdfs.FileSystems;
using NLog;

namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>
/// Finishes this sink's own in-use files that a crash or a failed write left behind (reference §3.8; Flume leaves them
/// forever), on a background thread of the sink:
/// <list type="bullet">
/// <item>own: only names carrying this sink's <see cref="HdfsSinkOptions.WriterTag"/>, never a file open in this
/// process; other sinks, agents and Java Flume sharing the directory and prefix are never touched (audit F2);</item>
/// <item>stale: only files not modified for <see cref="HdfsSinkOptions.LeftoverSafeAgeMs"/> (2 × callTimeout, and more
/// than idleTimeout), so no upload of a dying writer can still land; younger ones are looked at again when they
/// become stale;</item>
/// <item>whole: before the rename, a torn tail is cut back to the last complete unit (the acknowledged length for a
/// file of this run, else what <see cref="HdfsSinkOptions.CompleteLength"/> finds); when the format cannot tell, the
/// file is published as <c>final + ".partial"</c> and a warning says so; an empty file is deleted.</item>
/// </list>
/// At sink start the whole tree under the path template's fixed prefix is walked once (bounded), so partitions that
/// are never written again are finished too (issue 15.1); a bucket's directory is looked at again when first used.
/// </summary>
internal sealed class LeftoverFinisher : IDisposable
{
    internal const int MaxDirectories = 10_000;
    internal const int MaxDepth = 32;
    internal const string PartialSuffix = ".partial";
    private const int MaxAttempts = 5;
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly IHdfsFileSystem _fs;
    private readonly HdfsSinkOptions _options;
    private readonly string _sink;
    private readonly Func<long> _wallClock;
    private readonly object _gate = new();
    private readonly Queue<Work> _work = new();
    private readonly List<(long DueAt, Candidate File)> _later = [];
    private readonly Dictionary<string, long> _acknowledged = new(StringComparer.Ordinal);
    // Never disposed: the background thread may still read it after a bounded Dispose gave up waiting.
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;
    private volatile bool _soleLocalWriter;
    private int _busy;
    private int _finished;

    public LeftoverFinisher(IHdfsFileSystem fs, HdfsSinkOptions options, string sink, Func<long>? wallClock = null)
    {
        _fs = fs;
        _options = options;
        _sink = sink;
        _wallClock = wallClock ?? (() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    /// <summary>Files published (renamed) so far, for tests and logs.</summary>
    public int Finished => Volatile.Read(ref _finished);

    /// <summary>Nothing queued, nothing running (files waiting to become stale may remain, see <see cref="Waiting"/>).</summary>
    public bool Idle
    {
        get
        {
            lock (_gate)
            {
                return _work.Count == 0 && _busy == 0;
            }
        }
    }

    /// <summary>Own leftovers seen but not yet stale.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _later.Count;
            }
        }
    }

    /// <summary>Whether this sink can tell its own leftovers at all (tagged in-use names).</summary>
    public bool Enabled => _options.WriterTag.Length > 0 && _options.HasInUseName;

    /// <summary>
    /// The directory under which every bucket of a path template lies: the path itself when it has no escape (never
    /// its parent, which other writers' trees share), else the text before its first escape, up to a '/'.
    /// </summary>
    public static string FixedRoot(string pathTemplate)
    {
        var escape = pathTemplate.IndexOf('%', StringComparison.Ordinal);
        if (escape < 0)
        {
            var trimmed = pathTemplate.TrimEnd('/');
            return trimmed.Length == 0 ? "/" : trimmed;
        }
        var slash = pathTemplate.LastIndexOf('/', escape);
        return slash <= 0 ? "/" : pathTemplate[..slash];
    }

    public void WalkTree(string root)
    {
        if (Enabled && _options.FinishLocalLeftoversAtOnce && _fs is LocalFileSystem)
        {
            // Per identity and tree: agents that share names but write different trees do not hold each other up.
            _soleLocalWriter = WriterLock.TryHold(_options.WriterTag + "-" + WriterIdentity.Tag(root, string.Empty, string.Empty));
            if (!_soleLocalWriter)
            {
                Log.Warn("HDFS sink '{Sink}': another live process on this host writes this tree with the same identity (host, agent and sink name); its leftovers are finished only once older than {Age} ms", _sink, _options.LeftoverSafeAgeMs);
            }
        }
        Post(new Work(root, Recursive: true, null));
    }

    public void ScanDirectory(string directory) => Post(new Work(directory, Recursive: false, null));

    public void Repair(LeftoverRepair repair)
    {
        // Known at once, so a walk that meets the file first still cuts it to the acknowledged bytes.
        lock (_gate)
        {
            _acknowledged[repair.InUsePath] = repair.AcknowledgedLength;
        }
        Post(new Work(null, false, repair));
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }
        }
        _stop.Cancel();
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
        // Bounded: a WebHDFS call in progress ends within callTimeout; the thread is a background one.
        _thread?.Join(TimeSpan.FromSeconds(5));
    }

    private void Post(Work work)
    {
        if (!Enabled && work.Repair is null)
        {
            return;
        }
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }
            _work.Enqueue(work);
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = $"hdfs-leftovers-{_sink}" };
                _thread.Start();
            }
            Monitor.PulseAll(_gate);
        }
    }

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            Work? work = null;
            Candidate? due = null;
            lock (_gate)
            {
                var now = _wallClock();
                if (_work.Count > 0)
                {
                    work = _work.Dequeue();
                }
                else
                {
                    var next = long.MaxValue;
                    for (var i = 0; i < _later.Count; i++)
                    {
                        if (_later[i].DueAt <= now)
                        {
                            due = _later[i].File;
                            _later.RemoveAt(i);
                            break;
                        }
                        next = Math.Min(next, _later[i].DueAt);
                    }
                    if (due is null)
                    {
                        Monitor.Wait(_gate, next == long.MaxValue ? Timeout.Infinite : (int)Math.Clamp(next - now, 10, 60_000));
                        continue;
                    }
                }
                _busy++;
            }
            try
            {
                if (work is { Repair: { } repair })
                {
                    Consider(new Candidate(repair.InUsePath, repair.FinalPath, repair.AcknowledgedLength, 0));
                }
                else if (work is { Directory: { } dir })
                {
                    Walk(dir, work.Recursive);
                }
                else if (due is not null)
                {
                    Consider(due);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                Log.Warn("HDFS sink '{Sink}': looking for leftovers failed: {Reason}", _sink, ex.Message);
            }
            finally
            {
                lock (_gate)
                {
                    _busy--;
                }
            }
        }
    }

    private void Walk(string root, bool recursive)
    {
        var directories = new Queue<(string Path, int Depth)>();
        directories.Enqueue((root, 0));
        var seen = 0;
        while (directories.Count > 0 && !_stop.IsCancellationRequested)
        {
            var (dir, depth) = directories.Dequeue();
            if (++seen > MaxDirectories)
            {
                Log.Warn("HDFS sink '{Sink}': stopped looking for leftovers under '{Root}' after {Count} directories", _sink, root, MaxDirectories);
                return;
            }
            foreach (var entry in _fs.List(dir))
            {
                var path = BucketWriter.Join(dir, entry.Name);
                if (entry.IsDirectory)
                {
                    if (recursive && depth < MaxDepth)
                    {
                        directories.Enqueue((path, depth + 1));
                    }
                }
                else if (_options.IsOwnInUseName(entry.Name, out var final))
                {
                    Consider(new Candidate(path, BucketWriter.Join(dir, final), null, 0));
                }
            }
        }
    }

    private void Consider(Candidate file)
    {
        if (OpenInUseFiles.Contains(file.InUsePath))
        {
            return;
        }
        try
        {
            var status = _fs.Status(file.InUsePath);
            if (status is null || status.IsDirectory)
            {
                return;
            }
            var staleAt = _soleLocalWriter ? 0 : status.ModifiedAtMs + _options.LeftoverSafeAgeMs;
            if (staleAt > _wallClock())
            {
                Later(staleAt, file);
                return;
            }
            Finish(file, status);
        }
        catch (IOException ex) when (file.Attempts + 1 < MaxAttempts)
        {
            Log.Warn("HDFS sink '{Sink}': could not finish leftover '{File}' (attempt {Attempt}), trying again later: {Reason}", _sink, file.InUsePath, file.Attempts + 1, ex.Message);
            Later(_wallClock() + _options.LeftoverSafeAgeMs, file with { Attempts = file.Attempts + 1 });
        }
        catch (IOException ex)
        {
            Log.Error("HDFS sink '{Sink}': gave up finishing leftover '{File}'; the next start of this sink tries again: {Reason}", _sink, file.InUsePath, ex.Message);
        }
    }

    private void Later(long dueAt, Candidate file)
    {
        lock (_gate)
        {
            for (var i = 0; i < _later.Count; i++)
            {
                if (_later[i].File.InUsePath == file.InUsePath)
                {
                    _later[i] = (Math.Max(dueAt, _later[i].DueAt), file.Acknowledged is null ? _later[i].File : file);
                    return;
                }
            }
            _later.Add((dueAt, file));
        }
    }

    private void Finish(Candidate file, HdfsFileStatus status)
    {
        var final = file.FinalPath;
        long? complete = file.Acknowledged;
        lock (_gate)
        {
            if (_acknowledged.Remove(file.InUsePath, out var acknowledged))
            {
                complete = acknowledged;
            }
        }
        if (complete is null && status.Length > 0)
        {
            complete = _options.CompleteLength is { } scan ? scan(ReadAll(file.InUsePath)) : null;
        }
        var keep = complete ?? status.Length;
        if (status.Length == 0 || keep == 0)
        {
            _fs.Delete(file.InUsePath);
            Log.Warn("HDFS sink '{Sink}': deleted leftover '{File}': it holds no complete record ({Length} bytes)", _sink, file.InUsePath, status.Length);
            return;
        }
        if (complete is null)
        {
            final += PartialSuffix;
            Log.Warn("HDFS sink '{Sink}': leftover '{File}' ({Length} bytes) may end in a torn record this format cannot detect; publishing it as '{Final}'", _sink, file.InUsePath, status.Length, final);
        }
        else if (complete < status.Length)
        {
            _fs.Truncate(file.InUsePath, complete.Value);
            Log.Warn("HDFS sink '{Sink}': cut leftover '{File}' from {Length} to {Complete} bytes, its last complete record", _sink, file.InUsePath, status.Length, complete.Value);
        }
        for (var tries = 0; tries < 1000; tries++)
        {
            if (_fs.Rename(file.InUsePath, final))
            {
                Interlocked.Increment(ref _finished);
                Log.Warn("HDFS sink '{Sink}': finished '{File}' left in use by a crash or a failed write: renamed to '{Final}'", _sink, file.InUsePath, final);
                return;
            }
            if (!_fs.Exists(file.InUsePath))
            {
                return;
            }
            final = BucketWriter.NextFinalName(final, complete is null ? _options.Extension + PartialSuffix : _options.Extension)
                ?? throw new IOException($"cannot rename '{file.InUsePath}': '{final}' exists");
        }
    }

    private byte[] ReadAll(string path)
    {
        using var stream = _fs.OpenRead(path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private sealed record Work(string? Directory, bool Recursive, LeftoverRepair? Repair);

    private sealed record Candidate(string InUsePath, string FinalPath, long? Acknowledged, int Attempts);
}
