using System.Globalization;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Hdfs.FileSystems;
using FlumeNet.Agent.Hdfs.Formats;

namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>
/// One bucket (directory + file prefix) of the HDFS sink (reference §3.1–3.5): writes to one in-use file at a time,
/// named <c>inUsePrefix + prefix + "." + counter + ext + inUseSuffix</c> with the counter starting at this writer's
/// creation time; rolls by count or body bytes before the write that crosses the limit; finishes a file by closing it
/// and renaming it to its final name. Used only from the sink's thread.
/// </summary>
internal sealed class BucketWriter
{
    private readonly IHdfsFileSystem _fs;
    private readonly HdfsSinkOptions _options;
    private readonly Func<long> _clock;
    private long _counter;
    private Stream? _stream;
    private IHdfsWriter? _writer;
    private int _unflushed;

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
    /// <exception cref="IOException">The write failed; the caller rolls back and closes this writer.</exception>
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
        LastFlushAt = _clock();
    }

    public bool IntervalDue(long now) => IsOpen && _options.RollIntervalMs > 0 && now - OpenedAt >= _options.RollIntervalMs;

    public bool IdleDue(long now) => IsOpen && _options.IdleTimeoutMs > 0 && now - Math.Max(LastFlushAt, OpenedAt) >= _options.IdleTimeoutMs;

    /// <summary>Closes the file and returns the rename still to do (in-use → final), or null when there is none.</summary>
    public (string From, string To)? Close()
    {
        if (!IsOpen)
        {
            return null;
        }
        try
        {
            Flush();
            _writer!.Close();
        }
        finally
        {
            _stream!.Dispose();
            _stream = null;
            _writer = null;
        }
        return InUsePath == FinalPath ? null : (InUsePath!, FinalPath!);
    }

    /// <summary>Closes without flushing what the failed batch wrote (it is rolled back and re-delivered elsewhere).</summary>
    public (string From, string To)? Abandon()
    {
        _unflushed = 0;
        try
        {
            return Close();
        }
        catch (IOException)
        {
            return InUsePath == FinalPath || InUsePath is null ? null : (InUsePath, FinalPath!);
        }
    }

    private bool ShouldRoll() =>
        (_options.RollCount > 0 && EventsInFile >= _options.RollCount) || (_options.RollSize > 0 && BytesInFile >= _options.RollSize);

    private void Open()
    {
        _counter++;
        var name = Prefix + "." + _counter.ToString(CultureInfo.InvariantCulture) + _options.Extension;
        FinalPath = Join(Directory, name);
        InUsePath = Join(Directory, _options.InUsePrefix + name + _options.InUseSuffix);
        var stream = _fs.Create(InUsePath);
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
            throw;
        }
        EventsInFile = 0;
        BytesInFile = 0;
        OpenedAt = _clock();
        LastFlushAt = OpenedAt;
    }

    // The prefix may hold '/', which adds sub-directories, as in Flume.
    internal static string Join(string directory, string name) => directory.EndsWith('/') ? directory + name : directory + "/" + name;
}
