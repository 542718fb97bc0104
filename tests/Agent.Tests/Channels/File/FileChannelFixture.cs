using System.Text;
using FlumeNet.Agent.Channels.Files;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Tests.Channels.Files;

/// <summary>Temporary directories for file channels, and the channels started in them (stopped and deleted at dispose).</summary>
public sealed class FileChannelFixture : IDisposable
{
    private readonly List<FileChannel> _channels = [];

    public string Root { get; } = Directory.CreateTempSubdirectory("flumenet-fc-").FullName;

    public string CheckpointDir => Path.Combine(Root, "checkpoint");

    public string BackupDir => Path.Combine(Root, "backup");

    public string DataDir => Path.Combine(Root, "data");

    public FileChannelSettings Settings(int capacity = 100, int transactionCapacity = 100) => new()
    {
        CheckpointDir = CheckpointDir,
        DataDirs = [DataDir],
        Capacity = capacity,
        TransactionCapacity = transactionCapacity,
        KeepAlive = TimeSpan.FromMilliseconds(50),
        MinimumRequiredSpace = 1_048_576,
        CheckpointInterval = TimeSpan.FromHours(1),
    };

    public FileChannel Start(FileChannelSettings settings, string name = "c1")
    {
        var c = new FileChannel(name, settings);
        c.Start();
        _channels.Add(c);
        return c;
    }

    /// <summary>Stops without a checkpoint: what a kill -9 leaves (written data is in the page cache, nothing else).</summary>
    public static void Crash(FileChannel c)
    {
        c.Abandon();
    }

    public static FlumeEvent Ev(string body, Dictionary<string, string>? headers = null) => new(Encoding.UTF8.GetBytes(body), headers);

    public static void PutCommitted(IChannel c, params string[] bodies)
    {
        using var tx = c.BeginTransaction();
        foreach (var b in bodies)
        {
            tx.Put(Ev(b));
        }
        tx.Commit();
    }

    public static List<string> TakeAll(IChannel c, int batch = 100)
    {
        var result = new List<string>();
        batch = Math.Min(batch, c.TransactionCapacity);
        while (true)
        {
            using var tx = c.BeginTransaction();
            var n = 0;
            for (; n < batch; n++)
            {
                if (tx.Take() is not { } e)
                {
                    break;
                }
                result.Add(Encoding.UTF8.GetString(e.Body));
            }
            tx.Commit();
            if (n < batch)
            {
                return result;
            }
        }
    }

    public void Dispose()
    {
        foreach (var c in _channels)
        {
            c.Dispose();
        }
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a test's mount point may still be busy; the temp dir is left behind
        }
    }
}
