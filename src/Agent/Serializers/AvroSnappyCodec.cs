using System.Buffers;
using System.Buffers.Binary;
using Avro.File;

namespace FlumeNet.Agent.Serializers;

/// <summary>
/// Avro's <c>snappy</c> block codec, which Apache.Avro only provides through a separate package: each block is the
/// Snappy raw format of the data followed by the big-endian CRC-32 of the uncompressed data. The compressor is a plain
/// greedy one (4-byte hash matches within 64 KiB fragments), so any Snappy decoder reads its output.
/// </summary>
public sealed class AvroSnappyCodec : Codec
{
    public const string Name = "snappy";

    private const int FragmentSize = 1 << 16;
    private const int HashBits = 14;
    private readonly int[] _table = new int[1 << HashBits];

    public override byte[] Compress(byte[] uncompressedData)
    {
        ArgumentNullException.ThrowIfNull(uncompressedData);
        var output = new byte[MaxCompressedLength(uncompressedData.Length) + 4];
        var n = CompressBlock(uncompressedData, output);
        return output.AsSpan(0, n).ToArray();
    }

    public override void Compress(MemoryStream inputStream, MemoryStream outputStream)
    {
        ArgumentNullException.ThrowIfNull(inputStream);
        ArgumentNullException.ThrowIfNull(outputStream);
        ReadOnlySpan<byte> input = inputStream.TryGetBuffer(out var segment) ? segment.AsSpan() : inputStream.ToArray();
        var buffer = ArrayPool<byte>.Shared.Rent(MaxCompressedLength(input.Length) + 4);
        try
        {
            var n = CompressBlock(input, buffer);
            // Apache.Avro hands the same output stream for every block without emptying it.
            outputStream.SetLength(0);
            outputStream.Write(buffer, 0, n);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override byte[] Decompress(byte[] compressedData, int length)
    {
        ArgumentNullException.ThrowIfNull(compressedData);
        if (length < 4 || length > compressedData.Length)
        {
            throw new InvalidDataException("Snappy block too short for its CRC");
        }
        var data = Uncompress(compressedData.AsSpan(0, length - 4));
        if (Crc32.Compute(data) != BinaryPrimitives.ReadUInt32BigEndian(compressedData.AsSpan(length - 4)))
        {
            throw new InvalidDataException("Snappy block fails its CRC check");
        }
        return data;
    }

    public override string GetName() => Name;

    public override bool Equals(object? other) => other is AvroSnappyCodec;

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    /// <summary>Decodes Snappy's raw format (no CRC).</summary>
    public static byte[] Uncompress(ReadOnlySpan<byte> input)
    {
        var ip = 0;
        var length = ReadVarint(input, ref ip);
        var output = new byte[length];
        var op = 0;
        while (ip < input.Length)
        {
            int tag = input[ip++];
            int len;
            int offset;
            switch (tag & 3)
            {
                case 0:
                    len = (tag >> 2) + 1;
                    if (len > 60)
                    {
                        var extra = len - 60;
                        Need(input, ip, extra);
                        len = 0;
                        for (var i = extra - 1; i >= 0; i--)
                        {
                            len = (len << 8) | input[ip + i];
                        }
                        len++;
                        ip += extra;
                    }
                    Need(input, ip, len);
                    if (len > length - op)
                    {
                        throw new InvalidDataException("Snappy literal overruns the stated length");
                    }
                    input.Slice(ip, len).CopyTo(output.AsSpan(op));
                    ip += len;
                    op += len;
                    continue;
                case 1:
                    Need(input, ip, 1);
                    len = ((tag >> 2) & 7) + 4;
                    offset = ((tag >> 5) << 8) | input[ip++];
                    break;
                case 2:
                    Need(input, ip, 2);
                    len = (tag >> 2) + 1;
                    offset = BinaryPrimitives.ReadUInt16LittleEndian(input[ip..]);
                    ip += 2;
                    break;
                default:
                    Need(input, ip, 4);
                    len = (tag >> 2) + 1;
                    offset = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(input[ip..]));
                    ip += 4;
                    break;
            }
            if (offset == 0 || offset > op || len > length - op)
            {
                throw new InvalidDataException("Snappy copy outside the data");
            }
            // Byte by byte: a copy may overlap its own output (a run).
            for (var i = 0; i < len; i++, op++)
            {
                output[op] = output[op - offset];
            }
        }
        if (op != length)
        {
            throw new InvalidDataException("Snappy data shorter than its stated length");
        }
        return output;
    }

    private static int MaxCompressedLength(int n) => 32 + n + (n / 6);

    private static void Need(ReadOnlySpan<byte> input, int ip, int count)
    {
        if (count > input.Length - ip)
        {
            throw new InvalidDataException("Snappy data truncated");
        }
    }

    private static int ReadVarint(ReadOnlySpan<byte> input, ref int ip)
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            Need(input, ip, 1);
            var b = input[ip++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value <= int.MaxValue ? (int)value : throw new InvalidDataException("Snappy length too large");
            }
        }
        throw new InvalidDataException("Snappy length is not a varint");
    }

    // Compresses input into output (sized for the worst case plus 4) and appends the CRC; returns the bytes written.
    private int CompressBlock(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var op = 0;
        var n = (uint)input.Length;
        while (n >= 0x80)
        {
            output[op++] = (byte)(n | 0x80);
            n >>= 7;
        }
        output[op++] = (byte)n;
        for (var start = 0; start < input.Length; start += FragmentSize)
        {
            op = CompressFragment(input.Slice(start, Math.Min(FragmentSize, input.Length - start)), output, op);
        }
        BinaryPrimitives.WriteUInt32BigEndian(output[op..], Crc32.Compute(input));
        return op + 4;
    }

    private int CompressFragment(ReadOnlySpan<byte> f, Span<byte> output, int op)
    {
        Array.Clear(_table);
        var literalStart = 0;
        var ip = 0;
        // Table entries are positions + 1, so 0 means empty; offsets stay below 64 KiB within a fragment.
        while (ip <= f.Length - 4)
        {
            var v = BinaryPrimitives.ReadUInt32LittleEndian(f[ip..]);
            var h = (int)((v * 0x1E35A7BDu) >> (32 - HashBits));
            var candidate = _table[h] - 1;
            _table[h] = ip + 1;
            if (candidate < 0 || BinaryPrimitives.ReadUInt32LittleEndian(f[candidate..]) != v)
            {
                ip++;
                continue;
            }
            op = EmitLiteral(f[literalStart..ip], output, op);
            var len = 4;
            while (ip + len < f.Length && f[candidate + len] == f[ip + len])
            {
                len++;
            }
            op = EmitCopy(ip - candidate, len, output, op);
            ip += len;
            literalStart = ip;
        }
        return EmitLiteral(f[literalStart..], output, op);
    }

    private static int EmitLiteral(ReadOnlySpan<byte> literal, Span<byte> output, int op)
    {
        if (literal.IsEmpty)
        {
            return op;
        }
        var n = literal.Length - 1;
        if (n < 60)
        {
            output[op++] = (byte)(n << 2);
        }
        else
        {
            var bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
            output[op++] = (byte)((59 + bytes) << 2);
            for (var i = 0; i < bytes; i++)
            {
                output[op++] = (byte)(n >> (8 * i));
            }
        }
        literal.CopyTo(output[op..]);
        return op + literal.Length;
    }

    private static int EmitCopy(int offset, int len, Span<byte> output, int op)
    {
        // Copies longer than 64 go in pieces, leaving at least 4 bytes for the last one.
        while (len >= 68)
        {
            op = EmitCopy2(offset, 64, output, op);
            len -= 64;
        }
        if (len > 64)
        {
            op = EmitCopy2(offset, 60, output, op);
            len -= 60;
        }
        if (len <= 11 && offset < 2048)
        {
            output[op++] = (byte)(1 | ((len - 4) << 2) | ((offset >> 8) << 5));
            output[op++] = (byte)offset;
            return op;
        }
        return EmitCopy2(offset, len, output, op);
    }

    private static int EmitCopy2(int offset, int len, Span<byte> output, int op)
    {
        output[op++] = (byte)(2 | ((len - 1) << 2));
        BinaryPrimitives.WriteUInt16LittleEndian(output[op..], (ushort)offset);
        return op + 2;
    }

    /// <summary>CRC-32 (IEEE 802.3, as java.util.zip.CRC32), which Avro appends to each Snappy block.</summary>
    private static class Crc32
    {
        private static readonly uint[] Table = Build();

        public static uint Compute(ReadOnlySpan<byte> data)
        {
            var crc = 0xFFFFFFFFu;
            foreach (var b in data)
            {
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }
            return ~crc;
        }

        private static uint[] Build()
        {
            var table = new uint[256];
            for (uint i = 0; i < 256; i++)
            {
                var c = i;
                for (var k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }
                table[i] = c;
            }
            return table;
        }
    }
}
