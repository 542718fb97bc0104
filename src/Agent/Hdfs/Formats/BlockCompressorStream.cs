using System.Buffers;
using System.Buffers.Binary;

namespace FlumeNet.Agent.Hdfs.Formats;

/// <summary>
/// Hadoop's <c>BlockCompressorStream</c> framing (reference §4.5): a block is the 4-byte big-endian uncompressed
/// length, then chunks of 4-byte big-endian compressed length + raw compressed data. Writes are gathered into one
/// block until the next would pass <see cref="IBlockCompressor.MaxInputSize"/>; a single larger write gets a block of
/// its own, split into chunks of at most that size. Mirroring Hadoop's per-write rule keeps the blocks identical to
/// what Flume writes for the same sequence of serializer writes.
/// </summary>
internal sealed class BlockCompressorStream : CompressionOutputStream
{
    private readonly Stream _output;
    private readonly IBlockCompressor _compressor;
    private readonly int _maxInput;
    private byte[]? _pending;
    private byte[]? _compressed;
    private int _count;
    private bool _oversizeWritten;

    public BlockCompressorStream(Stream output, IBlockCompressor compressor)
    {
        _output = output;
        _compressor = compressor;
        _maxInput = compressor.MaxInputSize;
    }

    protected override void WriteMember(ReadOnlySpan<byte> data)
    {
        if (_count > 0 && _count + data.Length > _maxInput)
        {
            WriteBlock();
        }
        if (data.Length > _maxInput)
        {
            _oversizeWritten = true;
            WriteInt(data.Length);
            while (!data.IsEmpty)
            {
                var chunk = data[..Math.Min(data.Length, _maxInput)];
                WriteChunk(chunk);
                data = data[chunk.Length..];
            }
            return;
        }
        _pending ??= ArrayPool<byte>.Shared.Rent(_maxInput);
        data.CopyTo(_pending.AsSpan(_count));
        _count += data.Length;
    }

    // Hadoop's finish() writes the length even when it is 0 (after a write that got a block of its own), and Hadoop's
    // BlockDecompressorStream takes a 0-length block for the end of the stream: everything after it (the next
    // batches' members) would be invisible to Hadoop readers (audit I1). Leaving it out reads the same everywhere.
    // An empty member keeps its 0 length (a SequenceFile buffer with nothing in it reads the same as Hadoop's).
    protected override void FinishMember()
    {
        if (_count > 0 || !_oversizeWritten)
        {
            WriteBlock();
        }
        _oversizeWritten = false;
    }

    protected override void Dispose(bool disposing)
    {
        if (_pending is not null)
        {
            ArrayPool<byte>.Shared.Return(_pending);
            _pending = null;
        }
        if (_compressed is not null)
        {
            ArrayPool<byte>.Shared.Return(_compressed);
            _compressed = null;
        }
        base.Dispose(disposing);
    }

    private void WriteBlock()
    {
        WriteInt(_count);
        if (_count > 0)
        {
            WriteChunk(_pending.AsSpan(0, _count));
            _count = 0;
        }
    }

    private void WriteChunk(ReadOnlySpan<byte> data)
    {
        _compressed ??= ArrayPool<byte>.Shared.Rent(_compressor.MaxCompressedLength(_maxInput));
        var length = _compressor.Compress(data, _compressed);
        WriteInt(length);
        _output.Write(_compressed, 0, length);
    }

    private void WriteInt(int value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, value);
        _output.Write(buffer);
    }
}
