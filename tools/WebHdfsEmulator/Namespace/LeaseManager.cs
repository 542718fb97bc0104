namespace FlumeNet.Tools.WebHdfsEmulator.Namespace;

/// <summary>
/// Single-writer leases per file, as the NameNode keeps them: CREATE, APPEND and TRUNCATE take the lease for the time
/// they change the file; a second writer meanwhile is refused. A lease whose writer was cut off can be kept for a
/// while (HDFS keeps it until the soft limit expires), which is what makes retries right after a failure collide.
/// </summary>
internal sealed class LeaseManager(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<HdfsPath, Lease> _byPath = [];
    private int _clientCounter;

    /// <summary>A fresh DFSClient-style holder name for one writer.</summary>
    public string NewHolderName() =>
        $"DFSClient_NONMAPREDUCE_{Interlocked.Increment(ref _clientCounter) + 1_000_000}_1";

    /// <summary>Takes the lease on <paramref name="path"/>, or returns false and the current holder when someone has it.</summary>
    public bool TryAcquire(HdfsPath path, string holder, out Lease lease)
    {
        lock (_lock)
        {
            if (_byPath.TryGetValue(path, out var current))
            {
                if (current.ExpiresAt is not { } expiry || expiry > time.GetUtcNow())
                {
                    lease = current;
                    return false;
                }
                _byPath.Remove(path);
            }
            lease = new Lease(path, holder);
            _byPath[path] = lease;
            return true;
        }
    }

    /// <summary>Releases a lease at once, or lets it linger for <paramref name="hold"/> (a writer that vanished).</summary>
    public void Release(Lease lease, TimeSpan hold)
    {
        lock (_lock)
        {
            if (!_byPath.TryGetValue(lease.Path, out var current) || !ReferenceEquals(current, lease))
            {
                return;
            }
            if (hold > TimeSpan.Zero)
            {
                lease.ExpiresAt = time.GetUtcNow() + hold;
            }
            else
            {
                _byPath.Remove(lease.Path);
            }
        }
    }

    /// <summary>Moves leases of <paramref name="from"/> and everything under it after a rename.</summary>
    public void Move(HdfsPath from, HdfsPath to)
    {
        lock (_lock)
        {
            var moved = new List<Lease>();
            foreach (var (path, lease) in _byPath)
            {
                if (path.Equals(from) || path.IsUnder(from))
                {
                    moved.Add(lease);
                }
            }
            foreach (var lease in moved)
            {
                _byPath.Remove(lease.Path);
                lease.Path = lease.Path.Rebase(from, to);
                _byPath[lease.Path] = lease;
            }
        }
    }

    /// <summary>Drops every lease, lingering or not (admin reset).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _byPath.Clear();
        }
    }
}
