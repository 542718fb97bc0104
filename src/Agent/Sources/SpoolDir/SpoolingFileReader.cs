using FlumeNet.Agent.Core;
using FlumeNet.Agent.Sources.SpoolDir.Deserializers;
using NLog;

namespace FlumeNet.Agent.Sources.SpoolDir;

/// <summary>A spooled file once opened: where it is and what it looked like then (checked again before completion).</summary>
internal sealed class SpoolFile
{
    public SpoolFile(string path, string relative, long length, long mtimeMillis)
    {
        Path = path;
        Relative = relative;
        Length = length;
        MTimeMillis = mtimeMillis;
    }

    public string Path { get; }

    /// <summary>The path relative to the spool directory (tracker_dir markers and quarantine keep the layout).</summary>
    public string Relative { get; }

    public long Length { get; }

    public long MTimeMillis { get; }

    /// <summary>The delivery mark of the file's last committed batch.</summary>
    public SinkDeliveryMark LastMark { get; set; }
}

/// <summary>
/// Flume's ReliableSpoolingFileEventReader (reference §7.3) without its fatal stops: picks the next candidate by
/// <c>consumeOrder</c>, resumes it from the tracker, reads batches through the deserializer, and completes finished
/// files (rename to the suffix, tracker_dir marker, or delete) after checking they did not change while read. A file
/// that changed, that cannot be decoded, or whose completed name is taken is moved to <c>&lt;trackerDir&gt;/quarantine/</c>
/// with an ERROR naming it, and the others go on. Used by the source's worker thread only.
/// </summary>
internal sealed class SpoolingFileReader : IDisposable
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly string _source;
    private readonly SpoolDirSourceOptions _options;
    private readonly string _metaPath;
    private readonly HashSet<string> _excluded = new(StringComparer.Ordinal);
    private readonly Queue<(string Path, string Relative)> _randomOrder = new();
    private SpoolTracker? _tracker;
    private ISpoolDeserializer? _deserializer;
    private long _committed;
    private bool _firstRead;

    public SpoolingFileReader(string source, SpoolDirSourceOptions options)
    {
        _source = source;
        _options = options;
        _metaPath = System.IO.Path.Combine(options.TrackerDir, SpoolTracker.MetaFileName);
    }

    public SpoolFile? Current { get; private set; }

    /// <summary>Checks the directories, creates the tracker directory and removes an empty meta file (as Flume's start).</summary>
    /// <exception cref="IOException">The spool directory is missing or not writable.</exception>
    public void Prepare()
    {
        if (!Directory.Exists(_options.SpoolDir))
        {
            throw new IOException($"Source '{_source}': spoolDir {_options.SpoolDir} does not exist or is not a directory");
        }
        if (_options.TrackingPolicy == SpoolTrackingPolicy.Rename)
        {
            var canary = System.IO.Path.Combine(_options.SpoolDir, "flume-spooldir-perm-check-" + Guid.NewGuid().ToString("N") + ".canary");
            try
            {
                File.WriteAllText(canary, "testing flume file permissions\n");
                _ = File.ReadAllText(canary);
                File.Delete(canary);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"Source '{_source}': cannot write, read and delete files in spoolDir {_options.SpoolDir}: {ex.Message}", ex);
            }
        }
        try
        {
            Directory.CreateDirectory(_options.TrackerDir);
            if (File.Exists(_metaPath) && new FileInfo(_metaPath).Length == 0)
            {
                File.Delete(_metaPath);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Source '{_source}': cannot use trackerDir {_options.TrackerDir}: {ex.Message}", ex);
        }
    }

    /// <summary>Makes sure a file is open, choosing the next candidate if needed; false when there is none.</summary>
    public bool EnsureOpen()
    {
        while (Current is null)
        {
            var next = NextCandidate();
            if (next is null)
            {
                return false;
            }
            Open(next.Value.Path, next.Value.Relative);
        }
        return true;
    }

    /// <summary>Reads the next batch of the current file; an empty list means the file is finished.</summary>
    /// <exception cref="SpoolFileException">The file cannot be read or decoded.</exception>
    public void ReadBatch(int max, List<FlumeEvent> events)
    {
        var file = Current ?? throw new InvalidOperationException("no file is open");
        try
        {
            _deserializer!.ReadEvents(max, events);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
        {
            // DecoderFallbackException (decodeErrorPolicy = FAIL) is an ArgumentException.
            throw new SpoolFileException(file, ex.Message, ex);
        }
        if (events.Count == 0 && _firstRead)
        {
            // Flume's rule: the first read of a newly opened file yields at least one event, so an empty file gives an empty event.
            events.Add(new FlumeEvent([]));
        }
        if (_options.FileHeaderKey is null && _options.BasenameHeaderKey is null)
        {
            return;
        }
        var absolute = System.IO.Path.GetFullPath(file.Path);
        var name = System.IO.Path.GetFileName(file.Path);
        foreach (var e in events)
        {
            if (_options.FileHeaderKey is { } fk)
            {
                e.Headers[fk] = absolute;
            }
            if (_options.BasenameHeaderKey is { } bk)
            {
                e.Headers[bk] = name;
            }
        }
    }

    /// <summary>The batch just read was committed to the channels; returns the position after it.</summary>
    public long Commit()
    {
        _firstRead = false;
        _committed = _deserializer!.Position;
        return _committed;
    }

    /// <summary>Goes back to the last committed position (a batch the channels refused).</summary>
    public void Rewind() => _deserializer?.Seek(_committed);

    /// <summary>Closes the current (finished or failed) file; it stays out of the candidates until completed or quarantined.</summary>
    public SpoolFile? DetachCurrent()
    {
        var file = Current;
        _deserializer?.Dispose();
        _deserializer = null;
        Current = null;
        return file;
    }

    /// <summary>Stores a committed position in the tracker, if the tracker is still about that file.</summary>
    public void StorePosition(string path, long position)
    {
        if (_tracker is { } t && t.Target == path)
        {
            t.Store(position);
        }
    }

    /// <summary>Completes a finished file whose last batch the sinks stored: rename, marker or delete (quarantine on a problem).</summary>
    public void Complete(SpoolFile file)
    {
        try
        {
            var info = new FileInfo(file.Path);
            if (!info.Exists)
            {
                Log.Error("Source '{Source}': {Path} was renamed or deleted while being read; its lines were delivered from the open file, "
                    + "anything written to it after that was not. Spooled files must not be moved until completed", _source, file.Path);
                ForgetMeta(file);
                return;
            }
            if (info.Length != file.Length || Millis(info) != file.MTimeMillis)
            {
                Quarantine(file, $"it was modified while being read (length {file.Length} -> {info.Length}); spooled files must be complete and immutable when they are dropped");
                return;
            }
            if (_options.DeleteImmediately)
            {
                File.Delete(file.Path);
                Log.Info("Source '{Source}': deleted finished file {Path}", _source, file.Path);
                ForgetMeta(file);
            }
            else if (_options.TrackingPolicy == SpoolTrackingPolicy.Rename)
            {
                var dest = file.Path + _options.FileSuffix;
                if (File.Exists(dest))
                {
                    Quarantine(file, $"{dest} already exists (a file name was reused); spooled file names must be unique");
                    return;
                }
                File.Move(file.Path, dest);
                Log.Info("Source '{Source}': completed {Path} as {Dest}", _source, file.Path, dest);
                ForgetMeta(file);
            }
            else
            {
                var marker = System.IO.Path.Combine(_options.TrackerDir, file.Relative + _options.FileSuffix);
                if (File.Exists(marker))
                {
                    Quarantine(file, $"its marker {marker} already exists (a file name was reused); spooled file names must be unique");
                    return;
                }
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(marker)!);
                using (File.Create(marker))
                {
                }
                Log.Info("Source '{Source}': completed {Path} (marker {Marker})", _source, file.Path, marker);
            }
            _excluded.Remove(file.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.Error("Source '{Source}': cannot complete {Path}: {Reason}; it is not read again while the agent runs (operator action needed)",
                _source, file.Path, ex.Message);
        }
    }

    /// <summary>Moves a file that cannot be read, or that changed while read, out of the spool into the quarantine directory.</summary>
    public void Quarantine(SpoolFile file, string reason)
    {
        var dest = System.IO.Path.Combine(_options.TrackerDir, "quarantine", file.Relative);
        try
        {
            if (File.Exists(dest))
            {
                dest += "." + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(dest)!);
            File.Move(file.Path, dest);
            _excluded.Remove(file.Path);
            Log.Error("Source '{Source}': {Path} was quarantined to {Dest} because {Reason}. Events read from it before were delivered; the other files go on",
                _source, file.Path, dest, reason);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.Error("Source '{Source}': {Path} cannot be read further because {Reason}; moving it to {Dest} failed ({Error}), so it is skipped while the agent runs",
                _source, file.Path, reason, dest, ex.Message);
        }
        ForgetMeta(file);
    }

    public void Dispose()
    {
        DetachCurrent();
        _tracker?.Dispose();
        _tracker = null;
    }

    private static long Millis(FileInfo info) => new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds();

    private void ForgetMeta(SpoolFile file)
    {
        if (_tracker is { } t && t.Target == file.Path && Current is null)
        {
            t.Dispose();
            _tracker = null;
            File.Delete(_metaPath);
        }
    }

    private void Open(string path, string relative)
    {
        var info = new FileInfo(path);
        var file = new SpoolFile(path, relative, info.Length, Millis(info));
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _excluded.Add(path);
            Log.Error("Source '{Source}': cannot open {Path}: {Reason}; it is skipped while the agent runs", _source, path, ex.Message);
            return;
        }
        _tracker?.Dispose();
        _tracker = SpoolTracker.Open(_metaPath, path, SamePath);
        ISpoolDeserializer deserializer;
        try
        {
            deserializer = _options.Deserializer switch
            {
                SpoolDeserializerKind.Avro => new AvroDeserializer(stream, _options.AvroLiteralSchema),
                SpoolDeserializerKind.Blob => new BlobDeserializer(stream, _options.MaxBlobLength),
                _ => new LineDeserializer(stream, _options.InputCharset, _options.OutputCharset, _options.MaxLineLength),
            };
            if (_tracker.Position > 0)
            {
                deserializer.Seek(_tracker.Position);
                Log.Info("Source '{Source}' resumes {Path} at byte {Pos}", _source, path, _tracker.Position);
            }
        }
        catch (InvalidDataException ex)
        {
            stream.Dispose();
            _excluded.Add(path);
            Quarantine(file, ex.Message);
            return;
        }
        _deserializer = deserializer;
        _committed = deserializer.Position;
        _firstRead = true;
        _excluded.Add(path);
        Current = file;
        Log.Info("Source '{Source}' opened {Path}", _source, path);
    }

    private static bool SamePath(string a, string b) =>
        a == b || string.Equals(System.IO.Path.GetFullPath(a), System.IO.Path.GetFullPath(b), StringComparison.Ordinal);

    private (string Path, string Relative)? NextCandidate()
    {
        if (_options.ConsumeOrder == SpoolConsumeOrder.Random)
        {
            while (true)
            {
                if (_randomOrder.Count == 0)
                {
                    foreach (var c in Candidates())
                    {
                        _randomOrder.Enqueue((c.Path, c.Relative));
                    }
                    if (_randomOrder.Count == 0)
                    {
                        return null;
                    }
                }
                var next = _randomOrder.Dequeue();
                if (File.Exists(next.Path) && !_excluded.Contains(next.Path))
                {
                    return next;
                }
            }
        }
        (string Path, string Relative, long MTime)? best = null;
        var youngest = _options.ConsumeOrder == SpoolConsumeOrder.Youngest;
        foreach (var c in Candidates())
        {
            if (best is not { } b)
            {
                best = c;
                continue;
            }
            var cmp = c.MTime.CompareTo(b.MTime);
            if (youngest)
            {
                cmp = -cmp;
            }
            if (cmp < 0 || (cmp == 0 && string.CompareOrdinal(System.IO.Path.GetFileName(c.Path), System.IO.Path.GetFileName(b.Path)) < 0))
            {
                best = c;
            }
        }
        return best is { } r ? (r.Path, r.Relative) : null;
    }

    private List<(string Path, string Relative, long MTime)> Candidates()
    {
        var found = new List<(string, string, long)>();
        Walk(new DirectoryInfo(_options.SpoolDir), string.Empty, found);
        return found;
    }

    private void Walk(DirectoryInfo dir, string relativeDir, List<(string, string, long)> found)
    {
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = dir.EnumerateFileSystemInfos();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.Warn("Source '{Source}': cannot list {Dir}: {Reason}", _source, dir.FullName, ex.Message);
            return;
        }
        foreach (var entry in entries)
        {
            var name = entry.Name;
            if (entry is DirectoryInfo sub)
            {
                if (_options.RecursiveDirectorySearch && !name.StartsWith('.') && !_options.IgnorePattern.IsMatch(name))
                {
                    Walk(sub, System.IO.Path.Combine(relativeDir, name), found);
                }
                continue;
            }
            if (name.StartsWith('.') || name.EndsWith(_options.FileSuffix, StringComparison.Ordinal)
                || !_options.IncludePattern.IsMatch(name) || _options.IgnorePattern.IsMatch(name))
            {
                continue;
            }
            var relative = System.IO.Path.Combine(relativeDir, name);
            var path = System.IO.Path.Combine(_options.SpoolDir, relative);
            if (_excluded.Contains(path))
            {
                continue;
            }
            if (_options.TrackingPolicy == SpoolTrackingPolicy.TrackerDir
                && File.Exists(System.IO.Path.Combine(_options.TrackerDir, relative + _options.FileSuffix)))
            {
                continue;
            }
            found.Add((path, relative, new DateTimeOffset(entry.LastWriteTimeUtc).ToUnixTimeMilliseconds()));
        }
    }
}

/// <summary>A spooled file cannot be read further (I/O error, undecodable text, not in the deserializer's format).</summary>
internal sealed class SpoolFileException : IOException
{
    public SpoolFileException(SpoolFile file, string message, Exception inner)
        : base(message, inner) => File = file;

    public SpoolFile File { get; }
}
