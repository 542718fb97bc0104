using System.Security.Cryptography;
using FlumeNet.Tools.LogHubEmulator.Protocol;

namespace FlumeNet.Tools.LogHubEmulator.State;

/// <summary>
/// A shard: key range, status, lineage and its append-only list of LogGroups. Cursor value = base + index,
/// with a random per-shard base so that a cursor of another shard (or an older logstore) is rejected.
/// </summary>
internal sealed class ShardState
{
    public ShardState(int id, string beginKey, string endKey, long createTime, IReadOnlyList<int> parents, long cursorBase)
    {
        Id = id;
        BeginKey = beginKey;
        EndKey = endKey;
        CreateTime = createTime;
        Parents = parents;
        CursorBase = cursorBase;
    }

    public int Id { get; }

    public string BeginKey { get; }

    public string EndKey { get; }

    public long CreateTime { get; }

    public IReadOnlyList<int> Parents { get; }

    public long CursorBase { get; }

    public bool ReadOnly { get; set; }

    public List<StoredLogGroup> Groups { get; } = [];

    public string Status => ReadOnly ? "readonly" : "readwrite";

    public int EndIndex => Groups.Count;

    /// <summary>A fresh base: a random 19-digit number with room for 10^17 LogGroups above it.</summary>
    public static long NewCursorBase() => 1_000_000_000_000_000_000 + (RandomNumberGenerator.GetInt32(1, 80_000_000) * 100_000_000_000L);

    public string CursorAt(int index) => CursorCodec.Encode(CursorBase + index);

    /// <summary>The index a cursor of this shard points to (0..EndIndex), or null for a foreign or malformed cursor.</summary>
    public int? IndexOf(string? cursor)
    {
        if (!CursorCodec.TryDecode(cursor, out var value))
        {
            return null;
        }

        var index = value - CursorBase;
        return index >= 0 && index <= EndIndex ? (int)index : null;
    }

    public int RequireIndex(string? cursor) => IndexOf(cursor) ?? throw LogHubErrors.InvalidCursor(cursor);
}
