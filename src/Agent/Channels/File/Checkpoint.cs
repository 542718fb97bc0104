using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace FlumeNet.Agent.Channels.Files;

/// <summary>
/// A snapshot of the queue: every event committed and not take-committed (events taken by open transactions first),
/// as log pointers, plus where replay must start in each data directory. Layout (little-endian): magic "FNETCKPT",
/// version(4), dirCount(4), sequence(8), lastFileId(4), reserved(4), per dir {fileId(4), reserved(4), position(8)},
/// count(8), pointers(8 × count), crc32c(4) of everything before it. Written to a temporary name, synced and renamed,
/// so a reader sees the old or the new one, never half of one.
/// </summary>
internal sealed class Checkpoint
{
    private const int Version = 1;
    private static ReadOnlySpan<byte> Magic => "FNETCKPT"u8;

    public required long Sequence { get; init; }

    public required int LastFileId { get; init; }

    /// <summary>Per data directory (in the order of dataDirs when written): the active file and position at snapshot time.</summary>
    public required IReadOnlyList<(int FileId, long Position)> Starts { get; init; }

    public required List<long> Pointers { get; init; }

    public void Write(string dir)
    {
        var size = 40 + (Starts.Count * 16) + 8 + (Pointers.Count * 8L) + 4;
        var bytes = new byte[size];
        var s = bytes.AsSpan();
        Magic.CopyTo(s);
        BinaryPrimitives.WriteInt32LittleEndian(s[8..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(s[12..], Starts.Count);
        BinaryPrimitives.WriteInt64LittleEndian(s[16..], Sequence);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], LastFileId);
        var pos = 40;
        foreach (var (fileId, position) in Starts)
        {
            BinaryPrimitives.WriteInt32LittleEndian(s[pos..], fileId);
            BinaryPrimitives.WriteInt64LittleEndian(s[(pos + 8)..], position);
            pos += 16;
        }
        BinaryPrimitives.WriteInt64LittleEndian(s[pos..], Pointers.Count);
        pos += 8;
        var span = CollectionsMarshal.AsSpan(Pointers);
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(span).CopyTo(s[pos..]);
        }
        else
        {
            for (var i = 0; i < span.Length; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(s[(pos + (i * 8))..], span[i]);
            }
        }
        pos += span.Length * 8;
        BinaryPrimitives.WriteUInt32LittleEndian(s[pos..], LogFormat.Crc32C(s[..pos]));

        var path = Path.Combine(dir, LogFormat.CheckpointFileName);
        var tmp = path + ".tmp";
        using (var handle = System.IO.File.OpenHandle(tmp, FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(handle, bytes, 0);
            DiskSync.Data(handle);
        }
        System.IO.File.Move(tmp, path, overwrite: true);
        DiskSync.Directory(dir);
    }

    /// <returns>The checkpoint, or null when there is none; throws <see cref="InvalidDataException"/> when it is corrupt.</returns>
    public static Checkpoint? Read(string dir)
    {
        var path = Path.Combine(dir, LogFormat.CheckpointFileName);
        if (!System.IO.File.Exists(path))
        {
            return null;
        }
        var bytes = System.IO.File.ReadAllBytes(path);
        var s = bytes.AsSpan();
        if (s.Length < 52 || !s[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path} is not a FlumeNet checkpoint (bad header)");
        }
        if (BinaryPrimitives.ReadInt32LittleEndian(s[8..]) != Version)
        {
            throw new InvalidDataException($"{path} has an unknown version");
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(s[^4..]) != LogFormat.Crc32C(s[..^4]))
        {
            throw new InvalidDataException($"{path} is corrupt (checksum mismatch)");
        }
        var dirs = BinaryPrimitives.ReadInt32LittleEndian(s[12..]);
        if (dirs < 0 || 40 + (dirs * 16L) + 12 > s.Length)
        {
            throw new InvalidDataException($"{path} is corrupt (directory count)");
        }
        var starts = new List<(int, long)>(dirs);
        var pos = 40;
        for (var i = 0; i < dirs; i++)
        {
            starts.Add((BinaryPrimitives.ReadInt32LittleEndian(s[pos..]), BinaryPrimitives.ReadInt64LittleEndian(s[(pos + 8)..])));
            pos += 16;
        }
        var count = BinaryPrimitives.ReadInt64LittleEndian(s[pos..]);
        pos += 8;
        if (count < 0 || pos + (count * 8) + 4 != s.Length)
        {
            throw new InvalidDataException($"{path} is corrupt (queue length)");
        }
        var pointers = new List<long>((int)count);
        for (var i = 0; i < count; i++)
        {
            pointers.Add(BinaryPrimitives.ReadInt64LittleEndian(s[(pos + (i * 8))..]));
        }
        return new Checkpoint
        {
            Sequence = BinaryPrimitives.ReadInt64LittleEndian(s[16..]),
            LastFileId = BinaryPrimitives.ReadInt32LittleEndian(s[24..]),
            Starts = starts,
            Pointers = pointers,
        };
    }
}
