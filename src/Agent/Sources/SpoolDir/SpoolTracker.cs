using System.Security.Cryptography;
using System.Text;

namespace FlumeNet.Agent.Sources.SpoolDir;

/// <summary>
/// Flume's spooldir meta file <c>.flumespool-main.meta</c> (reference §7.3): an Avro object container file (null codec)
/// whose metadata <c>file</c> names the file being read and whose records <c>{offset: long}</c>, one block each, are
/// the byte positions committed so far; the last complete record wins. Written and read here byte for byte, so a meta
/// file left by Java Flume resumes mid-file and ours can be read by Flume. Each store appends one block and flushes,
/// without fsync, as Flume does.
/// </summary>
internal sealed class SpoolTracker : IDisposable
{
    public const string MetaFileName = ".flumespool-main.meta";

    /// <summary>The record schema exactly as Flume writes it into <c>avro.schema</c>.</summary>
    public const string SchemaJson =
        """{"type":"record","name":"TransferStateFileMeta","namespace":"org.apache.flume.serialization","fields":[{"name":"offset","type":"long"}]}""";

    private static readonly byte[] Magic = [(byte)'O', (byte)'b', (byte)'j', 1];
    private readonly FileStream _stream;
    private readonly byte[] _sync;
    private readonly byte[] _block = new byte[64];

    private SpoolTracker(string metaPath, string target, FileStream stream, byte[] sync, long position)
    {
        MetaPath = metaPath;
        Target = target;
        _stream = stream;
        _sync = sync;
        Position = position;
    }

    public string MetaPath { get; }

    /// <summary>The file the meta file is about (its <c>file</c> metadata).</summary>
    public string Target { get; }

    /// <summary>The last stored position.</summary>
    public long Position { get; private set; }

    /// <summary>
    /// Opens the tracker for <paramref name="target"/>: a meta file about that file resumes at its last stored position
    /// (rewritten compactly through a temporary file); one about another file, or an unreadable one, is replaced by a
    /// new one at 0.
    /// </summary>
    public static SpoolTracker Open(string metaPath, string target, Func<string, string, bool> sameFile)
    {
        long position = 0;
        if (TryRead(metaPath) is { } existing && sameFile(existing.Target, target))
        {
            position = existing.Position;
            target = existing.Target;
        }
        var tmp = metaPath + ".tmp";
        var sync = RandomNumberGenerator.GetBytes(16);
        using (var s = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            WriteHeader(s, target, sync);
            if (position > 0)
            {
                s.Write(Block(new byte[64], position, sync));
            }
        }
        File.Move(tmp, metaPath, overwrite: true);
        var stream = new FileStream(metaPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        return new SpoolTracker(metaPath, target, stream, sync, position);
    }

    /// <summary>The target and last position of a meta file; null when it is missing, empty or not a meta file.</summary>
    public static (string Target, long Position)? TryRead(string metaPath)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(metaPath);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        return Parse(bytes);
    }

    internal static (string Target, long Position)? Parse(ReadOnlySpan<byte> b)
    {
        var p = 0;
        if (b.Length < 4 || !b[..4].SequenceEqual(Magic))
        {
            return null;
        }
        p = 4;
        string? target = null;
        try
        {
            while (true)
            {
                var count = ReadLong(b, ref p);
                if (count == 0)
                {
                    break;
                }
                if (count < 0)
                {
                    ReadLong(b, ref p);
                    count = -count;
                }
                for (var i = 0; i < count; i++)
                {
                    var key = Encoding.UTF8.GetString(ReadBytes(b, ref p));
                    var value = ReadBytes(b, ref p);
                    if (key == "file")
                    {
                        target = Encoding.UTF8.GetString(value);
                    }
                }
            }
            if (target is null || p + 16 > b.Length)
            {
                return null;
            }
            var sync = b.Slice(p, 16);
            p += 16;
            long position = 0;
            // Blocks: count, size, records, sync. A torn last block (a crash while appending) is ignored.
            while (p < b.Length)
            {
                var blockStart = p;
                try
                {
                    var count = ReadLong(b, ref p);
                    var size = ReadLong(b, ref p);
                    if (size < 0 || p + size + 16 > b.Length)
                    {
                        break;
                    }
                    var records = b.Slice(p, (int)size);
                    var rp = 0;
                    for (var i = 0; i < count; i++)
                    {
                        position = ReadLong(records, ref rp);
                    }
                    p += (int)size;
                    if (!b.Slice(p, 16).SequenceEqual(sync))
                    {
                        break;
                    }
                    p += 16;
                }
                catch (FormatException)
                {
                    p = blockStart;
                    break;
                }
            }
            return (target, position);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Appends a record for <paramref name="position"/> and flushes it to the OS.</summary>
    public void Store(long position)
    {
        if (position == Position)
        {
            return;
        }
        _stream.Write(Block(_block, position, _sync));
        _stream.Flush();
        Position = position;
    }

    public void Dispose() => _stream.Dispose();

    private static void WriteHeader(Stream s, string target, byte[] sync)
    {
        var buf = new List<byte>(256);
        buf.AddRange(Magic);
        WriteLong(buf, 2);
        WriteBytes(buf, "avro.schema"u8);
        WriteBytes(buf, Encoding.UTF8.GetBytes(SchemaJson));
        WriteBytes(buf, "file"u8);
        WriteBytes(buf, Encoding.UTF8.GetBytes(target));
        WriteLong(buf, 0);
        buf.AddRange(sync);
        s.Write([.. buf]);
    }

    private static ReadOnlySpan<byte> Block(byte[] scratch, long position, byte[] sync)
    {
        var record = new byte[10];
        var n = ZigZag(record, position);
        var p = 0;
        p += ZigZag(scratch.AsSpan(p), 1);
        p += ZigZag(scratch.AsSpan(p), n);
        record.AsSpan(0, n).CopyTo(scratch.AsSpan(p));
        p += n;
        sync.CopyTo(scratch.AsSpan(p));
        return scratch.AsSpan(0, p + 16);
    }

    private static int ZigZag(Span<byte> dest, long value)
    {
        var v = (ulong)((value << 1) ^ (value >> 63));
        var i = 0;
        while (v >= 0x80)
        {
            dest[i++] = (byte)(v | 0x80);
            v >>= 7;
        }
        dest[i++] = (byte)v;
        return i;
    }

    private static void WriteLong(List<byte> buf, long value)
    {
        Span<byte> tmp = stackalloc byte[10];
        var n = ZigZag(tmp, value);
        foreach (var b in tmp[..n])
        {
            buf.Add(b);
        }
    }

    private static void WriteBytes(List<byte> buf, ReadOnlySpan<byte> bytes)
    {
        WriteLong(buf, bytes.Length);
        foreach (var b in bytes)
        {
            buf.Add(b);
        }
    }

    private static long ReadLong(ReadOnlySpan<byte> b, ref int p)
    {
        ulong v = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (p >= b.Length)
            {
                throw new FormatException("truncated");
            }
            var x = b[p++];
            v |= (ulong)(x & 0x7F) << shift;
            if ((x & 0x80) == 0)
            {
                return (long)(v >> 1) ^ -(long)(v & 1);
            }
        }
        throw new FormatException("bad varint");
    }

    private static ReadOnlySpan<byte> ReadBytes(ReadOnlySpan<byte> b, ref int p)
    {
        var len = ReadLong(b, ref p);
        if (len < 0 || p + len > b.Length)
        {
            throw new FormatException("truncated");
        }
        var s = b.Slice(p, (int)len);
        p += (int)len;
        return s;
    }
}
