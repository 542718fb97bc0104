using System.Buffers;
using FlumeNet.Agent.Core;
using NLog;

namespace FlumeNet.Agent.Hdfs.FileSystems;

/// <summary>
/// A file being written over WebHDFS. Writes collect in memory; <see cref="Flush"/> (the sink's hflush, before it
/// commits a transaction) sends them as one APPEND. An APPEND that fails may have left part of its bytes in the file:
/// the stream then cuts the file back to the length it had (TRUNCATE) and sends the whole batch again, so no byte is
/// ever written twice into one file. If that cannot be done within the call timeout the flush fails, the stream is
/// broken (it writes nothing more) and the sink's transaction rolls back, so the batch goes to a new file.
/// </summary>
internal sealed class WebHdfsOutputStream : Stream
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly WebHdfsFileSystem _fs;
    private readonly string _path;
    private readonly ArrayBufferWriter<byte> _pending = new(64 * 1024);
    private long _length;
    private bool _broken;
    private bool _disposed;

    public WebHdfsOutputStream(WebHdfsFileSystem fs, string path)
    {
        _fs = fs;
        _path = path;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_disposed;

    public override long Length => _length + _pending.WrittenCount;

    public override long Position
    {
        get => Length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _pending.Write(buffer);
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_broken)
        {
            throw new WebHdfsException($"WebHDFS file {_path} is unusable after a failed APPEND");
        }
        if (_pending.WrittenCount == 0)
        {
            return;
        }
        var deadline = _fs.Deadline();
        var pause = new DoublingDelay(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _fs.Append(_path, _pending.WrittenMemory, deadline);
                _length += _pending.WrittenCount;
                _pending.ResetWrittenCount();
                return;
            }
            catch (WebHdfsException ex)
            {
                var repaired = Repair(deadline);
                if (!repaired || DateTime.UtcNow + pause.Current >= deadline || !(ex.IsRetriable || ex.Status == 0))
                {
                    _broken = true;
                    throw new WebHdfsException($"{ex.Message} (after {attempt} attempt(s); the file keeps its first {_length} bytes)", ex);
                }
                Log.Warn("WebHDFS APPEND to {Path} failed (attempt {Attempt}), retrying the whole batch in {Pause} ms: {Reason}", _path, attempt, (int)pause.Current.TotalMilliseconds, ex.Message);
                Thread.Sleep(pause.Current);
                pause.Advance();
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            try
            {
                if (!_broken)
                {
                    Flush();
                }
            }
            finally
            {
                _disposed = true;
                base.Dispose(disposing);
            }
        }
    }

    /// <summary>Brings the file back to the length of the bytes acknowledged so far; false when that cannot be known or done.</summary>
    private bool Repair(DateTime deadline)
    {
        try
        {
            var actual = _fs.Retrying("GETFILESTATUS", _path, _ => _fs.Length(_path));
            if (actual is null)
            {
                Log.Error("WebHDFS file {Path} vanished while being written", _path);
                return false;
            }
            if (actual.Value == _length)
            {
                return true;
            }
            if (actual.Value < _length)
            {
                Log.Error("WebHDFS file {Path} is shorter ({Actual} bytes) than what was acknowledged ({Expected})", _path, actual.Value, _length);
                return false;
            }
            Log.Warn("WebHDFS APPEND to {Path} left {Extra} bytes of a failed batch; truncating back to {Length}", _path, actual.Value - _length, _length);
            _fs.Retrying("TRUNCATE", _path, d => _fs.Truncate(_path, _length, d < deadline ? d : deadline));
            return true;
        }
        catch (WebHdfsException ex)
        {
            Log.Error("WebHDFS file {Path}: could not check or repair its length after a failed APPEND: {Reason}", _path, ex.Message);
            return false;
        }
    }
}
