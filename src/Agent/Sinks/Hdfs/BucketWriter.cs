using System.Globalization;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Hdfs.FileSystems;
using FlumeNet.Agent.Hdfs.Formats;
using NLog;

namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>
/// One bucket (directory + file prefix) of the HDFS sink (reference §3.1–3.5): writes to one in-use file at a time,
/// named <c>inUsePrefix + prefix + "." + counter + ext [+ "." + writerTag] + inUseSuffix</c> with the counter starting
/// at this writer's creation time; rolls by count or body bytes before the write that crosses the limit; finishes a
/// file by closing it and renaming it to its final name. A file is only ever created new: when the name is taken
/// (another writer on the same directory and prefix) the next counter is used, so no other writer's file is ever
/// truncated (audit F1). Used only from the sink's thread.
/// </summary>
internal sealed class BucketWriter
{
    private const int MaxNameTries = 1000;
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly IHdfsFileSystem _fs;
    private readonly HdfsSinkOptions _options;
    private readonly Func<long> _clock;
    private long _counter;
    private Stream? _stream;
    private IHdfsWriter? _writer;
    private int _unflushed;
    private long _acknowledged;

    public BucketWriter(IHdfsFileSystem fs, string directory, string prefix, HdfsSinkOptions options, Func<long> clock)
    {
        _fs = fs;
        Directory = directory;
        Prefix = prefix;
        _options = options;
        _clock = clock;
        _counter = clock();
    }

    public string Directory { get; }

    public string Prefix { get; }

    public bool IsOpen => _stream is not null;

    public string? InUsePath { get; private set; }

    public string? FinalPath { get; private set; }

    public long EventsInFile { get; private set; }

    public long BytesInFile { get; private set; }

    public long OpenedAt { get; private set; }

    public long LastFlushAt { get; private set; }

    /// <summary>Appends one event, opening a file or rolling to a new one first when due.</summary>
    /// <exception cref="IOException">The write failed; the caller rolls back and abandons this writer.</exception>
    /// <param name="onRolled">Receives the rename of the file a count or size roll just closed.</param>
    public void Append(FlumeEvent e, Action<(string From, string To)?> onRolled)
    {
        if (IsOpen && ShouldRoll())
        {
            onRolled(Close());
        }
        if (!IsOpen)
        {
            Open();
        }
        _writer!.Append(e);
        EventsInFile++;
        BytesInFile += e.Body.Length;
        _unflushed++;
        if (_unflushed >= _options.BatchSize)
        {
            Flush();
        }
    }

    /// <summary>Hadoop's hflush: everything appended is in the file before the sink commits its transaction.</summary>
    public void Flush()
    {
        if (_unflushed == 0 || _writer is null)
        {
            return;
        }
        _writer.Sync();
        _stream!.Flush();
        _unflushed = 0;
        _acknowledged = _stream.Position;
        LastFlushAt = _clock();
    }

    public bool IntervalDue(long now) => IsOpen && _options.RollIntervalMs > 0 && now - OpenedAt >= _options.RollIntervalMs;

    public bool IdleDue(long now) => IsOpen && _options.IdleTimeoutMs > 0 && now - Math.Max(LastFlushAt, OpenedAt) >= _options.IdleTimeoutMs;

    /// <summary>
    /// Closes the file and returns the rename still to do (in-use → final), or null when there is none; the caller
    /// ends the in-use file's registration in <see cref="OpenInUseFiles"/> once that rename ended.
    /// </summary>
    /// <exception cref="IOException">The last bytes could not be written; the file stays open and the caller abandons it.</exception>
    public (string From, string To)? Close()
    {
        if (!IsOpen)
        {
            return null;
        }
        // Flume's BucketWriter line, one per file (before the last flush, as Flume logs it before closing).
        Log.Info("Closing {File}", InUsePath);
        Flush();
        _writer!.Close();
        _stream!.Flush();
        _stream.Dispose();
        _stream = null;
        _writer = null;
        if (InUsePath == FinalPath)
        {
            OpenInUseFiles.Remove(InUsePath!);
            return null;
        }
        // Stays registered until the sink's rename ended (PendingRename), so a leftover walk of this process never
        // takes a file closed a moment ago for a crash leftover.
        return (InUsePath!, FinalPath!);
    }

    /// <summary>
    /// Gives up the file after a failed write: what was not acknowledged is dropped where possible, and the file is not
    /// published now, because it may end in a torn or unacknowledged tail. Returns what the leftover finisher must do
    /// later: cut the file back to the acknowledged bytes once no upload can still land in it, then publish it.
    /// </summary>
    public LeftoverRepair? Abandon()
    {
        if (!IsOpen)
        {
            return null;
        }
        var repair = new LeftoverRepair(InUsePath!, FinalPath!, _acknowledged);
        try
        {
            if (_stream is WebHdfsOutputStream web)
            {
                web.Discard();
            }
            _stream!.Dispose();
        }
        catch (IOException ex)
        {
            Log.Debug(ex, "Closing abandoned '{File}' failed", InUsePath);
        }
        finally
        {
            _stream = null;
            _writer = null;
            _unflushed = 0;
            OpenInUseFiles.Remove(InUsePath!);
        }
        return repair;
    }

    private bool ShouldRoll() =>
        (_options.RollCount > 0 && EventsInFile >= _options.RollCount) || (_options.RollSize > 0 && BytesInFile >= _options.RollSize);

    private void Open()
    {
        Stream? stream = null;
        for (var tries = 1; stream is null; tries++)
        {
            _counter++;
            var name = Prefix + "." + _counter.ToString(CultureInfo.InvariantCulture) + _options.Extension;
            FinalPath = Join(Directory, name);
            InUsePath = _options.HasInUseName ? Join(Directory, _options.InUseName(name)) : FinalPath;
            try
            {
                if (InUsePath != FinalPath && _fs.Exists(FinalPath))
                {
                    throw new HdfsFileExistsException(FinalPath + " exists already");
                }
                OpenInUseFiles.Add(InUsePath);
                try
                {
                    // Flume's line; a name another writer took is retried quietly with the next counter.
                    Log.Info("Creating {File}", InUsePath);
                    stream = _fs.Create(InUsePath);
                }
                catch
                {
                    OpenInUseFiles.Remove(InUsePath);
                    throw;
                }
            }
            catch (HdfsFileExistsException) when (tries < MaxNameTries)
            {
                Log.Debug("'{File}' is taken by another writer; trying the next counter", FinalPath);
            }
        }
        try
        {
            var writer = _options.WriterFactory();
            writer.Open(stream);
            _writer = writer;
            _stream = stream;
        }
        catch
        {
            stream.Dispose();
            OpenInUseFiles.Remove(InUsePath!);
            throw;
        }
        _acknowledged = 0;
        EventsInFile = 0;
        BytesInFile = 0;
        OpenedAt = _clock();
        LastFlushAt = OpenedAt;
    }

    /// <summary>The same final name with the next counter (<c>prefix.N+1.ext</c>), for a rename whose destination another writer took.</summary>
    internal static string? NextFinalName(string finalPath, string extension)
    {
        if (!finalPath.EndsWith(extension, StringComparison.Ordinal))
        {
            return null;
        }
        var stem = finalPath[..^extension.Length];
        var dot = stem.LastIndexOf('.');
        if (dot < 0 || !long.TryParse(stem.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var counter))
        {
            return null;
        }
        return stem[..(dot + 1)] + (counter + 1).ToString(CultureInfo.InvariantCulture) + extension;
    }

    // The prefix may hold '/', which adds sub-directories, as in Flume.
    internal static string Join(string directory, string name) => directory.EndsWith('/') ? directory + name : directory + "/" + name;
}

/// <summary>An abandoned in-use file: cut it back to <paramref name="AcknowledgedLength"/> bytes once stale, then publish it.</summary>
internal sealed record LeftoverRepair(string InUsePath, string FinalPath, long AcknowledgedLength);
