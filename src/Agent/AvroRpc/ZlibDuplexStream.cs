using System.IO.Compression;

namespace FlumeNet.Agent.AvroRpc;

/// <summary>
/// Netty's <c>JZlibEncoder</c>/<c>JZlibDecoder</c> pair as Flume's avro deflate uses it (reference §1.3.1): one zlib
/// (RFC 1950) stream per direction for the whole connection; every write is compressed and ended with a sync flush
/// (<c>00 00 ff ff</c>), so the peer can decode it at once while the dictionary carries over between writes.
/// </summary>
public sealed class ZlibDuplexStream : Stream
{
    private readonly Stream _inner;
    private readonly ZLibStream _inflater;
    private readonly ZLibStream _deflater;

    public ZlibDuplexStream(Stream inner, int level)
    {
        _inner = inner;
        _inflater = new ZLibStream(inner, CompressionMode.Decompress, leaveOpen: true);
        _deflater = new ZLibStream(inner, new ZLibCompressionOptions { CompressionLevel = Math.Clamp(level, 0, 9) }, leaveOpen: true);
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => _inflater.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _inflater.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inflater.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inflater.ReadAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _deflater.Write(buffer);
        _deflater.Flush();
        _inner.Flush();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _deflater.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        await _deflater.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Each write is already flushed; a flush on its own must not emit another empty block.
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                _deflater.Dispose();
            }
            catch (IOException)
            {
                // The peer is gone; the stream's trailer cannot be sent and is not needed.
            }
            catch (ObjectDisposedException)
            {
                // The socket closed first.
            }
            _inflater.Dispose();
        }
        base.Dispose(disposing);
    }
}
