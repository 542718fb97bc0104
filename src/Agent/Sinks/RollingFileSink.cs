using System.Globalization;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using FlumeNet.Agent.Serializers;
using NLog;

namespace FlumeNet.Agent.Sinks;

/// <summary>
/// Flume's <c>file_roll</c> sink: events go to one file in <c>sink.directory</c>, a new one every <c>sink.rollInterval</c>
/// seconds (0 = never). Names follow Flume's path managers: DEFAULT <c>prefix + seriesStartMillis + "-" + n + .ext</c>,
/// ROLLTIME <c>prefix + yyyyMMddHHmmss + "-" + n + .ext</c>. A batch is committed only after it is flushed to the file.
/// The serializer writes into a memory buffer that goes to the file in one write per batch (or per
/// <see cref="WriteChunk"/> bytes of a bigger batch), instead of a stream call per event and a write per 64 KiB.
/// </summary>
public sealed class RollingFileSink : ISink, IMeteredSink
{
    /// <summary>Bytes buffered before they are written out even though the batch is not finished.</summary>
    internal const int WriteChunk = 1024 * 1024;
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly RollingFileSinkOptions _options;
    private readonly List<FlumeEvent> _batch = [];
    private readonly MemoryStream _pending = new();
    private readonly Func<DateTimeOffset> _clock;
    private readonly long _seriesStart;
    private int _fileIndex;
    private FileStream? _stream;
    private IEventSerializer? _serializer;
    private string? _currentPath;
    private long _rollAt;

    public RollingFileSink(string name, IChannel channel, RollingFileSinkOptions options, Func<DateTimeOffset>? clock = null)
    {
        Name = name;
        Channel = channel;
        _options = options;
        _clock = clock ?? (() => DateTimeOffset.Now);
        _seriesStart = _clock().ToUnixTimeMilliseconds();
        Counter = new SinkCounter(name);
    }

    public string Name { get; }

    public IChannel Channel { get; }

    public SinkCounter Counter { get; }

    public string? CurrentFile => _currentPath;

    public void Start()
    {
        Counter.Start();
        try
        {
            System.IO.Directory.CreateDirectory(_options.Directory);
            var probe = Path.Combine(_options.Directory, $".flumenet-write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"file_roll sink '{Name}' cannot write to directory '{_options.Directory}': {ex.Message}", ex);
        }
    }

    public void Stop()
    {
        CloseFile();
        Counter.Stop();
    }

    public ProcessStatus Process()
    {
        if (_stream is not null && _options.RollInterval > TimeSpan.Zero && Environment.TickCount64 >= _rollAt)
        {
            CloseFile();
        }
        if (_stream is null)
        {
            OpenFile();
        }
        using var tx = Channel.BeginTransaction();
        var taken = 0;
        try
        {
            taken = tx.TakeBatch(_batch, _options.BatchSize);
            foreach (var e in _batch)
            {
                _serializer!.Write(e);
                if (_pending.Length >= WriteChunk)
                {
                    WritePending();
                }
            }
            _serializer!.Flush();
            WritePending();
            tx.Commit();
        }
        catch (IOException ex)
        {
            Counter.IncrementEventWriteFail();
            tx.Rollback();
            // The rolled-back batch is retried into the next file; its still-buffered bytes must not reach this one
            // (a batch over WriteChunk may already have part of it written: at-least-once, as Flume's).
            _pending.SetLength(0);
            CloseFile();
            throw new EventDeliveryException($"file_roll sink '{Name}' failed to write to {_currentPath}: {ex.Message}", ex);
        }
        finally
        {
            _batch.Clear();
        }
        Counter.CountBatch(taken, _options.BatchSize);
        Counter.AddDrainAttempts(taken);
        Counter.AddDrainSuccesses(taken);
        return taken == 0 ? ProcessStatus.Backoff : ProcessStatus.Ready;
    }

    private void OpenFile()
    {
        _fileIndex++;
        var stamp = _options.RollTimePathManager
            ? _clock().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)
            : _seriesStart.ToString(CultureInfo.InvariantCulture);
        var ext = _options.Extension.Length > 0 ? "." + _options.Extension : string.Empty;
        _currentPath = Path.Combine(_options.Directory, $"{_options.Prefix}{stamp}-{_fileIndex}{ext}");
        // Unbuffered: the sink's own buffer holds the batch and goes out in one write.
        _stream = new FileStream(_currentPath, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _pending.SetLength(0);
        _serializer = _options.Serializer(_pending);
        _serializer.AfterCreate();
        WritePending();
        _rollAt = Environment.TickCount64 + (long)_options.RollInterval.TotalMilliseconds;
        Counter.IncrementConnectionCreated();
    }

    private void CloseFile()
    {
        if (_stream is null)
        {
            return;
        }
        try
        {
            _serializer!.BeforeClose();
            _serializer.Flush();
            WritePending();
            _stream.Dispose();
            Counter.IncrementConnectionClosed();
        }
        catch (IOException ex)
        {
            Log.Error("file_roll sink '{Sink}' could not close {File}: {Reason}", Name, _currentPath, ex.Message);
            _stream.Dispose();
        }
        _pending.SetLength(0);
        _stream = null;
        _serializer = null;
    }

    private void WritePending()
    {
        if (_pending.Length == 0)
        {
            return;
        }
        _stream!.Write(_pending.GetBuffer(), 0, (int)_pending.Length);
        _pending.SetLength(0);
    }
}
