using System.Buffers.Binary;
using FlumeNet.Tools.KafkaEmulator.Protocol;

namespace FlumeNet.Tools.KafkaEmulator.Storage;

/// <summary>
/// One record batch (magic 2) as a producer sent it. The broker checks its CRC-32C (over attributes..end) and rewrites
/// only the fields outside the CRC (base offset, partition leader epoch); records stay compressed as sent and are
/// handed back as they are on Fetch, so clients decompress gzip/snappy/lz4/zstd themselves.
/// </summary>
internal sealed class RecordBatch
{
    public const int HeaderSize = 61;
    private const int CrcOffset = 17;
    private const int AttributesOffset = 21;

    private RecordBatch(byte[] bytes)
    {
        Bytes = bytes;
    }

    /// <summary>The whole batch, starting at its base offset field.</summary>
    public byte[] Bytes { get; }

    public long BaseOffset => BinaryPrimitives.ReadInt64BigEndian(Bytes);

    public int LastOffsetDelta => BinaryPrimitives.ReadInt32BigEndian(Bytes.AsSpan(23));

    public long LastOffset => BaseOffset + LastOffsetDelta;

    public long MaxTimestamp => BinaryPrimitives.ReadInt64BigEndian(Bytes.AsSpan(35));

    public int RecordCount => BinaryPrimitives.ReadInt32BigEndian(Bytes.AsSpan(57));

    public int Compression => BinaryPrimitives.ReadInt16BigEndian(Bytes.AsSpan(AttributesOffset)) & 0x7;

    /// <summary>Splits a Produce request's records field into batches; throws <see cref="ProtocolException"/> when one is corrupt.</summary>
    public static List<RecordBatch> Split(ReadOnlySpan<byte> records)
    {
        var batches = new List<RecordBatch>();
        var at = 0;
        while (at < records.Length)
        {
            if (records.Length - at < 12)
            {
                throw new ProtocolException("truncated record batch header");
            }
            var batchLength = BinaryPrimitives.ReadInt32BigEndian(records[(at + 8)..]);
            var total = 12 + batchLength;
            if (batchLength < HeaderSize - 12 || at + total > records.Length)
            {
                throw new ProtocolException($"record batch length {batchLength} does not fit the {records.Length - at} bytes sent");
            }
            var batch = records.Slice(at, total);
            var magic = batch[16];
            if (magic != 2)
            {
                throw new UnsupportedMagicException(magic);
            }
            var crc = BinaryPrimitives.ReadUInt32BigEndian(batch[CrcOffset..]);
            var actual = Crc32C.Compute(batch[AttributesOffset..]);
            if (crc != actual)
            {
                throw new ProtocolException($"record batch CRC-32C mismatch: header {crc:x8}, computed {actual:x8}");
            }
            batches.Add(new RecordBatch(batch.ToArray()));
            at += total;
        }
        return batches;
    }

    public void Assign(long baseOffset)
    {
        BinaryPrimitives.WriteInt64BigEndian(Bytes, baseOffset);
        BinaryPrimitives.WriteInt32BigEndian(Bytes.AsSpan(12), 0);
    }
}

internal sealed class UnsupportedMagicException(byte magic) : Exception($"message format magic {magic} is not supported (record batch v2 only)");
