using System.Collections.Concurrent;

namespace FlumeNet.Agent.Channels.Files;

/// <summary>The log files of one channel across its data directories, by id (ids grow across all directories).</summary>
internal sealed class LogStore : IDisposable
{
    private readonly ConcurrentDictionary<int, LogFile> _files = new();
    private int _lastId;

    public int NextFileId() => Interlocked.Increment(ref _lastId);

    /// <summary>New files get ids above <paramref name="id"/> (the highest id found at replay or named by the checkpoint).</summary>
    public void AdvanceTo(int id) => _lastId = Math.Max(_lastId, id);

    public void Add(LogFile file) => _files[file.Id] = file;

    public LogFile? Find(int id) => _files.TryGetValue(id, out var f) ? f : null;

    public ICollection<LogFile> All => _files.Values;

    public void Delete(LogFile file)
    {
        if (_files.TryRemove(file.Id, out _))
        {
            file.Dispose();
            System.IO.File.Delete(file.Path);
        }
    }

    public void Dispose()
    {
        foreach (var f in _files.Values)
        {
            f.Dispose();
        }
        _files.Clear();
    }
}
