using System.Buffers;

namespace FlumeNet.Agent.Hdfs.Formats;

/// <summary>
/// A write-only buffer in front of a file's stream, so the many small writes of one event (lengths, key, body) reach a
/// possibly unbuffered remote stream as a few large ones. <see cref="Flush"/> only moves bytes into the inner stream:
/// flushing that (hflush) stays the caller's decision. <see cref="Position"/> counts every byte written, as Hadoop's
/// <c>getPos()</c> does for a new file.
/// </summary>
internal sealed class OutputBuffer : Stream
{
    private const int Capacity = 64 * 1024;

    private readonly Stream _inner;
    private byte[]? _buffer;
    private int _count;
    private long _drained;

    public OutputBuffer(Stream inner)
    {
        _inner = inner;
        _buffer = ArrayPool<byte>.Shared.Rent(Capacity);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => _buffer is not null;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _drained + _count;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var target = _buffer ?? throw new ObjectDisposedException(nameof(OutputBuffer));
        if (buffer.Length > target.Length - _count)
        {
            Drain();
            if (buffer.Length >= target.Length)
            {
                _inner.Write(buffer);
                _drained += buffer.Length;
                return;
            }
        }
        buffer.CopyTo(target.AsSpan(_count));
        _count += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    public override void WriteByte(byte value)
    {
        var target = _buffer ?? throw new ObjectDisposedException(nameof(OutputBuffer));
        if (_count == target.Length)
        {
            Drain();
        }
        target[_count++] = value;
    }

    /// <summary>Writes the buffered bytes into the inner stream without flushing it.</summary>
    public void Drain()
    {
        if (_count > 0 && _buffer is not null)
        {
            _inner.Write(_buffer, 0, _count);
            _drained += _count;
            _count = 0;
        }
    }

    public override void Flush() => Drain();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
        base.Dispose(disposing);
    }
}
