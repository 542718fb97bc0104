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
public sealed class HdfsEventSink : ISink, IMeteredSink
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly HdfsSinkOptions _options;
    private readonly IHdfsFileSystem _fs;
    private readonly IPathTemplate _path;
    private readonly IPathTemplate _prefix;
    private readonly Func<long> _clock;
    private readonly Dictionary<string, LinkedListNode<BucketWriter>> _writers = new(StringComparer.Ordinal);
    private readonly LinkedList<BucketWriter> _lru = new();
    private readonly HashSet<string> _finishedDirectories = new(StringComparer.Ordinal);
    private readonly List<PendingRename> _renames = [];
    private readonly List<BucketWriter> _touched = [];
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
    }

    public void Stop()
    {
        foreach (var writer in _lru)
        {
            CloseWriter(writer, "the sink stops");
        }
        _writers.Clear();
        _lru.Clear();
        RetryRenames(long.MaxValue, final: true);
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
        try
        {
            while (taken < _options.BatchSize)
            {
                var e = tx.Take();
                if (e is null)
                {
                    break;
                }
                taken++;
                BucketWriter writer;
                try
                {
                    writer = WriterFor(e, now);
                }
                catch (BucketPathException ex)
                {
                    throw new BucketPathException($"{ex.Message} (event headers: {DescribeHeaders(e)})", ex);
                }
                writer.Append(e, _onRolled);
                if (!_touched.Contains(writer))
                {
                    _touched.Add(writer);
                }
            }
            foreach (var w in _touched)
            {
                w.Flush();
            }
            tx.Commit();
        }
        catch (Exception ex) when (ex is IOException or BucketPathException or UnauthorizedAccessException)
        {
            tx.Rollback();
            Counter.IncrementEventWriteFail();
            foreach (var w in _touched)
            {
                Remove(w);
                QueueRename(w.Abandon());
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
        if (_finishedDirectories.Add(key))
        {
            LeftoverFinisher.Finish(_fs, directory, prefix, _options);
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
            Log.Info("Closed '{File}' ({Why})", w.FinalPath, why);
        }
        catch (IOException ex)
        {
            Counter.IncrementConnectionFailed();
            Log.Error("Could not close '{File}': {Reason}", w.InUsePath, ex.Message);
            QueueRename(w.Abandon());
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
                if (!_fs.Exists(r.From) || _fs.Rename(r.From, r.To) || _fs.Exists(r.To))
                {
                    _renames.RemoveAt(i);
                    continue;
                }
            }
            catch (IOException ex)
            {
                Log.Warn("Rename of '{File}' failed (attempt {Attempt}): {Reason}", r.From, r.Attempts, ex.Message);
            }
            if (final || r.Attempts >= _options.CloseTries || _options.RetryIntervalMs <= 0)
            {
                Log.Error("Gave up renaming '{File}' to '{Final}'; the next start of this sink finishes it", r.From, r.To);
                _renames.RemoveAt(i);
                continue;
            }
            r.NextAttemptAt = now + _options.RetryIntervalMs;
        }
    }
}
