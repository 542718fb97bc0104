namespace FlumeNet.Agent.Hdfs.Formats;

/// <summary>
/// A codec's compressing stream in Hadoop's style: bytes written go into the current member (a gzip member, a zlib or
/// bzip2 stream, a Hadoop snappy/lz4 block); <see cref="Finish"/> completes that member in the output, and the next
/// write starts a new one, so a file becomes a concatenation of independently decodable members. Never disposes or
/// flushes the output; <see cref="Flush"/> does nothing, as Hadoop's compressed streams cannot flush mid-member.
/// </summary>
public abstract class CompressionOutputStream : Stream
{
    /// <summary>True when bytes were written since the last <see cref="Finish"/>.</summary>
    public bool HasUnfinishedData { get; private set; }

    public sealed override bool CanRead => false;

    public sealed override bool CanSeek => false;

    public sealed override bool CanWrite => true;

    public sealed override long Length => throw new NotSupportedException();

    public sealed override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Completes the current member; with nothing written since the last one this emits an empty member, as Hadoop's <c>finish()</c> does.</summary>
    public void Finish()
    {
        FinishMember();
        HasUnfinishedData = false;
    }

    public sealed override void Write(ReadOnlySpan<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return;
        }
        HasUnfinishedData = true;
        WriteMember(buffer);
    }

    public sealed override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    public sealed override void WriteByte(byte value) => Write(new ReadOnlySpan<byte>(in value));

    public sealed override void Flush()
    {
    }

    public sealed override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public sealed override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Compresses non-empty <paramref name="data"/> into the current member, starting one if needed.</summary>
    protected abstract void WriteMember(ReadOnlySpan<byte> data);

    /// <summary>Writes the end of the current member (or a whole empty member) to the output.</summary>
    protected abstract void FinishMember();
}
