using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace FlumeNet.Agent.Channels.Files;

/// <summary>
/// FlumeNet's own log record layout (not Flume's). Every record is <c>crc32c(4) type(1) reserved(3) length(4) payload</c>,
/// little-endian; the CRC covers everything after itself. A record of type 0 (zero fill from preallocation) ends a file.
/// A pointer is <c>(fileId &lt;&lt; 32) | offset</c> of a Put record, as in Flume, so offsets stay below 2^31.
/// </summary>
internal static class LogFormat
{
    public const int HeaderSize = 12;

    /// <summary>First bytes of every log file: magic "FNETLOG" + version 1, then the file id (int64).</summary>
    public const int FileHeaderSize = 16;

    public const string LogFilePrefix = "flumenet-log-";

    public const string CheckpointFileName = "flumenet-checkpoint";

    public const string LockFileName = "in_use.lock";

    public const byte Put = 1;

    public const byte Take = 2;

    public const byte Commit = 3;

    public const byte CommitPuts = 1;

    public const byte CommitTakes = 2;

    /// <summary>Commit payload: kind(1) reserved(3) count(4) sequence(8).</summary>
    public const int CommitPayloadSize = 16;

    public static ReadOnlySpan<byte> FileMagic => "FNETLOG\u0001"u8;

    public static long Pointer(int fileId, long offset) => ((long)fileId << 32) | offset;

    public static int FileOf(long pointer) => (int)(pointer >>> 32);

    public static long OffsetOf(long pointer) => pointer & 0xFFFF_FFFFL;

    public static void WriteHeader(Span<byte> record, byte type, int payloadLength)
    {
        record[4] = type;
        record[5] = record[6] = record[7] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(record[8..], payloadLength);
    }

    /// <summary>Computes and stores the checksum of a complete record (header + payload).</summary>
    public static void Seal(Span<byte> record) => BinaryPrimitives.WriteUInt32LittleEndian(record, Crc32C(record[4..]));

    /// <summary>True when <paramref name="record"/> (exactly header + payload) carries a valid checksum.</summary>
    public static bool IsSealed(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadUInt32LittleEndian(record) == Crc32C(record[4..]);

    /// <summary>Seals three complete records at once (see <see cref="Crc32C3"/>).</summary>
    public static void Seal3(Span<byte> a, Span<byte> b, Span<byte> c)
    {
        var (ca, cb, cc) = Crc32C3(a[4..], b[4..], c[4..]);
        BinaryPrimitives.WriteUInt32LittleEndian(a, ca);
        BinaryPrimitives.WriteUInt32LittleEndian(b, cb);
        BinaryPrimitives.WriteUInt32LittleEndian(c, cc);
    }

    /// <summary>
    /// The checksums of three buffers, as three <see cref="Crc32C(ReadOnlySpan{byte})"/> calls would give. The crc32
    /// instruction can start a new step every cycle but each step waits three cycles for the one before in the same
    /// checksum; running three independent checksums side by side fills those cycles (records of a batch are of similar
    /// length), so sealing a batch takes about a third of the time.
    /// </summary>
    public static (uint A, uint B, uint C) Crc32C3(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
    {
        var wa = MemoryMarshal.Cast<byte, ulong>(a);
        var wb = MemoryMarshal.Cast<byte, ulong>(b);
        var wc = MemoryMarshal.Cast<byte, ulong>(c);
        var common = Math.Min(wa.Length, Math.Min(wb.Length, wc.Length));
        wa = wa[..common];
        wb = wb[..common];
        wc = wc[..common];
        uint ca = 0xFFFF_FFFFu, cb = 0xFFFF_FFFFu, cc = 0xFFFF_FFFFu;
        for (var i = 0; i < wa.Length; i++)
        {
            ca = BitOperations.Crc32C(ca, wa[i]);
            cb = BitOperations.Crc32C(cb, wb[i]);
            cc = BitOperations.Crc32C(cc, wc[i]);
        }
        var done = common * 8;
        return (~Continue(ca, a[done..]), ~Continue(cb, b[done..]), ~Continue(cc, c[done..]));
    }

    public static uint Crc32C(ReadOnlySpan<byte> data) => ~Continue(0xFFFF_FFFFu, data);

    private static uint Continue(uint crc, ReadOnlySpan<byte> data)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (var w in words)
        {
            crc = BitOperations.Crc32C(crc, w);
        }
        for (var i = words.Length * 8; i < data.Length; i++)
        {
            crc = BitOperations.Crc32C(crc, data[i]);
        }
        return crc;
    }

    public static int VarIntSize(int value)
    {
        var n = 1;
        var v = (uint)value;
        while (v >= 0x80)
        {
            v >>= 7;
            n++;
        }
        return n;
    }

    public static int WriteVarInt(Span<byte> dest, int value)
    {
        var v = (uint)value;
        var i = 0;
        while (v >= 0x80)
        {
            dest[i++] = (byte)(v | 0x80);
            v >>= 7;
        }
        dest[i++] = (byte)v;
        return i;
    }

    /// <returns>The value, or -1 when the bytes end or the number is malformed.</returns>
    public static int ReadVarInt(ReadOnlySpan<byte> src, ref int pos)
    {
        var result = 0u;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (pos >= src.Length)
            {
                return -1;
            }
            var b = src[pos++];
            result |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result > int.MaxValue ? -1 : (int)result;
            }
        }
        return -1;
    }
}
