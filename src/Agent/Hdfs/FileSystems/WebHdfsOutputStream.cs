using System.Buffers;
using FlumeNet.Agent.Core;
using NLog;

namespace FlumeNet.Agent.Hdfs.FileSystems;

/// <summary>
/// A file being written over WebHDFS. Writes collect in memory; <see cref="Flush"/> (the sink's hflush, before it
/// commits a transaction) sends them as one APPEND. An APPEND that fails may have left part of its bytes in the file,
/// and on a real cluster that tail may appear only when the DataNode closes the cut upload, later. So before every
/// retry the stream cuts the file back to the length acknowledged so far, unconditionally (audit F3): TRUNCATE needs
/// the lease, so it waits while the old upload is alive and cuts any tail once it has ended; a <c>false</c> answer
/// (block recovery) is waited out. Then the whole batch is sent again, so no byte is ever written twice into one file.
/// If that cannot be done within the call timeout (failovers included) the flush fails and the stream is broken: it
/// writes nothing more, <see cref="AcknowledgedLength"/> says how much of the file is good, and the sink leaves the file
/// unpublished until it can be cut back to that length.
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

    /// <summary>The bytes the cluster acknowledged; after a failure, the length the file must be cut back to.</summary>
    public long AcknowledgedLength => _length;

    public bool IsBroken => _broken;

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
        var attempts = 0;
        try
        {
            _fs.Retrying("APPEND", _path, deadline =>
            {
                if (attempts++ > 0)
                {
                    _fs.TruncateAndWait(_path, _length, deadline);
                }
                _fs.Append(_path, _pending.WrittenMemory, deadline);
                return true;
            });
        }
        catch (WebHdfsException ex)
        {
            _broken = true;
            throw new WebHdfsException($"{ex.Message} (after {attempts} attempt(s); only the first {_length} bytes of the file count, it stays unpublished until cut back to them)", ex);
        }
        if (attempts > 1)
        {
            Log.Warn("WebHDFS APPEND to {Path} succeeded after {Attempts} attempts; the file was cut back to its {Length} acknowledged bytes before each retry", _path, attempts, _length);
        }
        _length += _pending.WrittenCount;
        _pending.ResetWrittenCount();
    }

    /// <summary>Drops what was written since the last flush; disposing then sends nothing.</summary>
    public void Discard()
    {
        _pending.ResetWrittenCount();
        _broken = true;
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
}
