using FlumeNet.Agent.Core;
using FlumeNet.Agent.Hdfs.FileSystems;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>
/// Flume's HDFS sink (reference hdfs-sink.md §3.2): one channel transaction per batch; each event goes to the bucket
/// its expanded path and prefix name; every bucket touched is flushed before the commit, so a committed batch is in
/// the files. Buckets roll by count, size, interval and idleness and are capped by maxOpenFiles (least recently used
/// closed first). Interval and idle rolls are checked on the sink's thread at every call, which the runner makes at
/// least every 5 s. A batch that fails is rolled back and retried; nothing is lost.
/// </summary>
public sealed class HdfsEventSink : ISink, IMeteredSink, IInterruptible
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly HdfsSinkOptions _options;
    private readonly IHdfsFileSystem _fs;
    private readonly IPathTemplate _path;
    private readonly IPathTemplate _prefix;
    private readonly Func<long> _clock;
    private readonly Dictionary<string, LinkedListNode<BucketWriter>> _writers = new(StringComparer.Ordinal);
    private readonly LinkedList<BucketWriter> _lru = new();
    private readonly HashSet<string> _scannedDirectories = new(StringComparer.Ordinal);
    private readonly LeftoverFinisher _leftovers;
    private readonly List<PendingRename> _renames = [];
    private readonly List<BucketWriter> _touched = [];
    private readonly List<FlumeEvent> _batch = [];
    private readonly Action<(string From, string To)?> _onRolled;
    private string? _lastDirectory;
    private string? _lastPrefix;
    private LinkedListNode<BucketWriter>? _lastNode;

    internal HdfsEventSink(string name, IChannel channel, HdfsSinkOptions options, IHdfsFileSystem fs, IPathTemplate path,
        IPathTemplate prefix, Func<long>? clock = null)
    {
        Name = name;
        Channel = channel;
        _options = options;
        _fs = fs;
        _path = path;
        _prefix = prefix;
        _clock = clock ?? (() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Counter = new SinkCounter(name);
        _leftovers = new LeftoverFinisher(fs, options, name);
        _onRolled = rename =>
        {
            Counter.IncrementConnectionClosed();
            QueueRename(rename);
        };
    }

    public string Name { get; }

    public IChannel Channel { get; }

    public SinkCounter Counter { get; }

    internal int OpenWriters => _writers.Count;

    public void Start()
    {
        Counter.Start();
        Log.Info("HDFS sink '{Sink}' writes to {Path} on {FileSystem}", Name, _options.Path, _fs.Description);
        _leftovers.WalkTree(LeftoverFinisher.FixedRoot(_options.Path));
    }

    /// <summary>The background finisher of this sink's leftovers (tests wait for it to be idle).</summary>
    internal LeftoverFinisher Leftovers => _leftovers;

    /// <summary>
    /// The drain limit has passed while a batch waits on the cluster (NameNode down, retries within callTimeout): the
    /// file system gives up what is in progress, so the batch rolls back at once, and Stop's closes fail fast; their
    /// files stay in use and are finished by the next start.
    /// </summary>
    public void Interrupt() => _fs.Interrupt();

    public void Stop()
    {
        foreach (var writer in _lru)
        {
            CloseWriter(writer, "the sink stops");
        }
        _writers.Clear();
        _lru.Clear();
        RetryRenames(long.MaxValue, final: true);
        _leftovers.Dispose();
        Counter.Stop();
    }

    public ProcessStatus Process()
    {
        var now = _clock();
        CloseDueWriters(now);
        RetryRenames(now, final: false);
        using var tx = Channel.BeginTransaction();
        _touched.Clear();
        var taken = 0;
        BucketWriter? current = null;
        try
        {
            // One lock for the batch instead of one per event; the same events as Take until null or batchSize.
            _batch.Clear();
            taken = tx.TakeBatch(_batch, _options.BatchSize);
            foreach (var e in _batch)
            {
                current = null;
                BucketWriter writer;
                try
                {
                    writer = WriterFor(e, now);
                }
                catch (BucketPathException ex)
                {
                    throw new BucketPathException($"{ex.Message} (event headers: {DescribeHeaders(e)})", ex);
                }
                current = writer;
                writer.Append(e, _onRolled);
                if (!_touched.Contains(writer))
                {
                    _touched.Add(writer);
                }
            }
            foreach (var w in _touched)
            {
                current = w;
                w.Flush();
            }
            current = null;
            tx.Commit();
            _batch.Clear();
        }
        catch (Exception ex) when (ex is IOException or BucketPathException or UnauthorizedAccessException)
        {
            tx.Rollback();
            Counter.IncrementEventWriteFail();
            // Only the writer that failed is given up (as Flume closes only the failing BucketWriter, audit F9); the
            // other buckets keep their files, and their unflushed part of this batch is written with the next flush,
            // so the redelivered events appear twice there (Flume's flush-before-close gives the same duplicates).
            if (current is not null)
            {
                Remove(current);
                Counter.IncrementConnectionFailed();
                Abandon(current);
            }
            throw new EventDeliveryException($"HDFS sink '{Name}': the batch of {taken} events is rolled back and will be retried: {ex.Message}", ex);
        }
        Counter.CountBatch(taken, _options.BatchSize);
        Counter.AddDrainAttempts(taken);
        Counter.AddDrainSuccesses(taken);
        return taken == 0 ? ProcessStatus.Backoff : ProcessStatus.Ready;
    }

    // Says which event could not be placed, without values of headers that look like credentials.
    private static string DescribeHeaders(FlumeEvent e)
    {
        if (!e.HasHeaders)
        {
            return "none";
        }
        var sb = new System.Text.StringBuilder("{");
        foreach (var (k, v) in e.Headers)
        {
            sb.Append(sb.Length > 1 ? ", " : string.Empty).Append(k).Append('=')
              .Append(ConfigParser.Validation.SecretKeys.LooksSecret(k) ? ConfigParser.Validation.SecretKeys.Mask : v);
        }
        return sb.Append('}').ToString();
    }

    private BucketWriter WriterFor(FlumeEvent e, long now)
    {
        var directory = _path.Expand(e, now);
        var prefix = _prefix.Expand(e, now);
        // BucketPath returns the same string instances for a recent bucket, so consecutive events of one bucket skip
        // building the key; the cached node is used only while it is still in the LRU list.
        if (ReferenceEquals(directory, _lastDirectory) && ReferenceEquals(prefix, _lastPrefix) && _lastNode?.List is not null)
        {
            return _lastNode.Value;
        }
        var key = BucketWriter.Join(directory, prefix);
        _lastDirectory = directory;
        _lastPrefix = prefix;
        if (_writers.TryGetValue(key, out var node))
        {
            _lru.Remove(node);
            _lru.AddLast(node);
            _lastNode = node;
            return node.Value;
        }
        if (_scannedDirectories.Add(key))
        {
            var slash = prefix.LastIndexOf('/');
            _leftovers.ScanDirectory(slash < 0 ? directory : BucketWriter.Join(directory, prefix[..slash]));
        }
        var writer = new BucketWriter(_fs, directory, prefix, _options, _clock);
        _lastNode = _lru.AddLast(writer);
        _writers[key] = _lastNode;
        Counter.IncrementConnectionCreated();
        if (_writers.Count > _options.MaxOpenFiles)
        {
            var eldest = _lru.First!.Value;
            CloseWriter(eldest, "maxOpenFiles is reached");
            Remove(eldest);
        }
        return writer;
    }

    private void CloseDueWriters(long now)
    {
        List<BucketWriter>? due = null;
        foreach (var w in _lru)
        {
            if (w.IntervalDue(now) || w.IdleDue(now))
            {
                (due ??= []).Add(w);
            }
        }
        if (due is null)
        {
            return;
        }
        foreach (var w in due)
        {
            CloseWriter(w, w.IntervalDue(now) ? "rollInterval elapsed" : "idleTimeout elapsed");
            Remove(w);
        }
    }

    private void CloseWriter(BucketWriter w, string why)
    {
        if (!w.IsOpen)
        {
            return;
        }
        try
        {
            QueueRename(w.Close());
            Counter.IncrementConnectionClosed();
            Log.Debug("Closed '{File}' ({Why})", w.FinalPath, why);
        }
        catch (IOException ex)
        {
            Counter.IncrementConnectionFailed();
            Log.Error("Could not close '{File}': {Reason}", w.InUsePath, ex.Message);
            Abandon(w);
        }
    }

    // The file may end in a torn or unacknowledged tail: it stays unpublished until the finisher has cut it back.
    private void Abandon(BucketWriter w)
    {
        if (w.Abandon() is { } repair && repair.InUsePath != repair.FinalPath)
        {
            Log.Warn("HDFS sink '{Sink}': '{File}' is left unpublished after a failed write; it is cut back to its {Length} acknowledged bytes and published once no upload can still land in it", Name, repair.InUsePath, repair.AcknowledgedLength);
            _leftovers.Repair(repair);
        }
    }

    private void Remove(BucketWriter w)
    {
        var key = BucketWriter.Join(w.Directory, w.Prefix);
        if (_writers.Remove(key, out var node))
        {
            _lru.Remove(node);
        }
    }

    private void QueueRename((string From, string To)? rename)
    {
        if (rename is { } r)
        {
            _renames.Add(new PendingRename(r.From, r.To));
            RetryRenames(_clock(), final: false);
        }
    }

    // Renames are retried every retryInterval, up to closeTries attempts; a file that cannot be renamed stays in use
    // and is finished by the next start of the sink (LeftoverFinisher).
    private void RetryRenames(long now, bool final)
    {
        for (var i = _renames.Count - 1; i >= 0; i--)
        {
            var r = _renames[i];
            if (!final && r.NextAttemptAt > now)
            {
                continue;
            }
            r.Attempts++;
            try
            {
                if (Renamed(r))
                {
                    _renames.RemoveAt(i);
                    OpenInUseFiles.Remove(r.From);
                    continue;
                }
            }
            catch (IOException ex)
            {
                Log.Warn("Rename of '{File}' failed (attempt {Attempt}): {Reason}", r.From, r.Attempts, ex.Message);
            }
            if (final || r.Attempts >= _options.CloseTries || _options.RetryIntervalMs <= 0)
            {
                Log.Error("Gave up renaming '{File}' to '{Final}'; the next start of this sink finishes it", r.From, r.Destination);
                _renames.RemoveAt(i);
                OpenInUseFiles.Remove(r.From);
                continue;
            }
            r.NextAttemptAt = now + _options.RetryIntervalMs;
        }
    }

    // Done when the file is published, or gone (an earlier attempt whose answer was lost); a destination another
    // writer on the same prefix took moves this file to the next counter (Flume leaves the file in use for good, I3).
    private bool Renamed(PendingRename r)
    {
        for (var tries = 0; tries < 1000; tries++)
        {
            if (r.Attempts == 1 || tries > 0)
            {
                Log.Info("Renaming {From} to {To}", r.From, r.Destination);
            }
            if (_fs.Rename(r.From, r.Destination))
            {
                return true;
            }
            if (!_fs.Exists(r.From))
            {
                return true;
            }
            if (!_fs.Exists(r.Destination) || BucketWriter.NextFinalName(r.Destination, _options.Extension) is not { } next)
            {
                return false;
            }
            Log.Warn("'{Final}' was taken by another writer; '{File}' is published under '{Next}'", r.Destination, r.From, next);
            r.Destination = next;
        }
        return false;
    }
}
