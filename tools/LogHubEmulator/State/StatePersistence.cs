using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlumeNet.Tools.LogHubEmulator.State;

/// <summary>
/// The <c>--state</c> directory: <c>state.json</c> (projects, logstores, shards, consumer groups, checkpoints),
/// rewritten atomically after each change, and one append-only file per shard with its LogGroups
/// (<c>logs/{project}/{logstore}/shard-{id}.bin</c>: records of int64 receive-time ms, int32 length, bytes;
/// little-endian). A torn last record is ignored on load.
/// </summary>
internal sealed class StatePersistence
{
    private const int RecordHeaderSize = 12;
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly string _directory;

    public StatePersistence(string directory)
    {
        _directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(_directory);
    }

    private string SnapshotPath => Path.Combine(_directory, "state.json");

    public StateSnapshot? LoadSnapshot()
    {
        if (!File.Exists(SnapshotPath))
        {
            return null;
        }

        using var stream = File.OpenRead(SnapshotPath);
        return JsonSerializer.Deserialize<StateSnapshot>(stream, JsonOptions);
    }

    public void SaveSnapshot(StateSnapshot snapshot)
    {
        var temporary = SnapshotPath + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(snapshot, JsonOptions));
        File.Move(temporary, SnapshotPath, overwrite: true);
    }

    public void AppendGroup(string project, string logstore, int shard, StoredLogGroup group)
    {
        var path = ShardFile(project, logstore, shard);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Span<byte> header = stackalloc byte[RecordHeaderSize];
        BinaryPrimitives.WriteInt64LittleEndian(header, group.ReceiveTimeMs);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], group.Data.Length);
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        file.Write(header);
        file.Write(group.Data);
    }

    public List<StoredLogGroup> ReadGroups(string project, string logstore, int shard)
    {
        var groups = new List<StoredLogGroup>();
        var path = ShardFile(project, logstore, shard);
        if (!File.Exists(path))
        {
            return groups;
        }

        var bytes = File.ReadAllBytes(path);
        var position = 0;
        while (bytes.Length - position >= RecordHeaderSize)
        {
            var receiveTime = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(position));
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position + 8));
            if (length < 0 || bytes.Length - position - RecordHeaderSize < length)
            {
                break;
            }

            groups.Add(new StoredLogGroup(bytes.AsSpan(position + RecordHeaderSize, length).ToArray(), receiveTime));
            position += RecordHeaderSize + length;
        }

        if (position != bytes.Length)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
            file.SetLength(position);
        }

        return groups;
    }

    public void DeleteLogstore(string project, string logstore) => DeleteDirectory(Path.Combine(_directory, "logs", project, logstore));

    public void DeleteProject(string project) => DeleteDirectory(Path.Combine(_directory, "logs", project));

    private string ShardFile(string project, string logstore, int shard) =>
        Path.Combine(_directory, "logs", project, logstore, $"shard-{shard}.bin");

    private static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
