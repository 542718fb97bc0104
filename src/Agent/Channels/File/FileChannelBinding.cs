using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Registry;

namespace FlumeNet.Agent.Channels.Files;

/// <summary>Builds the file channel from its validated properties, with Flume's fallbacks (reference §5.1).</summary>
public static class FileChannelBinding
{
    public static readonly ComponentFactory Factory = new() { Channel = o => new FileChannel(o.Name, Bind(o)) };

    public static FileChannelSettings Bind(BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var capacity = o.GetInt("capacity", 1_000_000);
        return BindQueue(o, capacity > 0 ? capacity : 1_000_000) with
        {
            KeepAlive = TimeSpan.FromSeconds(Math.Max(0, o.GetInt("keep-alive", 3))),
        };
    }

    /// <summary>Every option except capacity and keep-alive (the spillable memory channel's embedded file channel uses these).</summary>
    public static FileChannelSettings BindQueue(BoundOptions o, int capacity)
    {
        ArgumentNullException.ThrowIfNull(o);
        var home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var checkpointDir = Full(o.Raw("checkpointDir") ?? Path.Combine(home, ".flume", "file-channel", "checkpoint"));
        var dataDirs = new List<string>();
        foreach (var d in (o.Raw("dataDirs") ?? Path.Combine(home, ".flume", "file-channel", "data")).Split(','))
        {
            if (d.Trim() is { Length: > 0 } dir)
            {
                dataDirs.Add(Full(dir));
            }
        }
        if (dataDirs.Count == 0)
        {
            throw new InvalidOperationException($"channel '{o.Name}': dataDirs lists no directory");
        }
        var dual = o.GetBool("useDualCheckpoints", false);
        var backup = o.Raw("backupCheckpointDir") is { Length: > 0 } b ? Full(b) : null;
        if (dual && backup is null)
        {
            throw new InvalidOperationException(
                $"channel '{o.Name}': useDualCheckpoints is true but backupCheckpointDir is not set (set backupCheckpointDir or useDualCheckpoints = false)");
        }
        if (dual && SameDir(backup!, checkpointDir))
        {
            throw new InvalidOperationException($"channel '{o.Name}': backupCheckpointDir must not be checkpointDir ({checkpointDir})");
        }
        var tx = o.GetInt("transactionCapacity", 10_000);
        var interval = o.GetLong("checkpointInterval", 30_000);
        var maxFile = o.GetLong("maxFileSize", FileChannelSettings.MaxFileSizeCap);
        var fsyncInterval = o.GetInt("fsyncInterval", 5);
        return new FileChannelSettings
        {
            CheckpointDir = checkpointDir,
            DataDirs = dataDirs,
            UseDualCheckpoints = dual,
            BackupCheckpointDir = dual ? backup : null,
            Capacity = capacity,
            TransactionCapacity = tx > 0 ? tx : 10_000,
            CheckpointInterval = TimeSpan.FromMilliseconds(interval > 0 ? Math.Max(1000, interval) : 30_000),
            MaxFileSize = maxFile > 0 ? Math.Min(maxFile, FileChannelSettings.MaxFileSizeCap) : FileChannelSettings.MaxFileSizeCap,
            MinimumRequiredSpace = Math.Max(1_048_576, o.GetLong("minimumRequiredSpace", 524_288_000)),
            CheckpointOnClose = o.GetBool("checkpointOnClose", true),
            FsyncPerTransaction = o.GetBool("fsyncPerTransaction", true),
            FsyncInterval = TimeSpan.FromSeconds(fsyncInterval > 0 ? fsyncInterval : 5),
        };
    }

    private static string Full(string path) => Path.GetFullPath(path.Trim());

    private static bool SameDir(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b), StringComparison.Ordinal);
}
