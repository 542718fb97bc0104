using FlumeNet.Tools.WebHdfsEmulator.Protocol;

namespace FlumeNet.Tools.WebHdfsEmulator.Namespace;

/// <summary>
/// The emulated HDFS namespace over a local folder: HDFS path /a/b is ROOT/a/b. Implements the NameNode's rules
/// (rename returns false instead of failing, delete refuses non-empty folders, parents are created for files, ...)
/// and keeps HDFS-only attributes in memory. Namespace changes are serialised by one lock, like the NameNode's
/// namesystem lock; file contents are written outside it by the holder of the file's lease.
/// </summary>
internal sealed class LocalNamespace
{
    public const short DefaultFilePermission = 420; // octal 644
    public const short DefaultDirectoryPermission = 493; // octal 755
    private const string SuperGroup = "supergroup";
    private const FileShare WriterShare = FileShare.ReadWrite | FileShare.Delete;

    private readonly Lock _lock = new();
    private readonly Dictionary<HdfsPath, InodeAttributes> _attributes = [];
    private readonly string _superUser = Environment.UserName;
    private readonly short _defaultReplication;
    private readonly long _defaultBlockSize;
    private long _nextFileId = 16385;
    private readonly Dictionary<HdfsPath, long> _recoveringUntil = [];

    /// <summary>See <see cref="WebHdfsEmulatorOptions.TruncateRecovery"/>.</summary>
    public TimeSpan TruncateRecovery { get; init; }

    public LocalNamespace(string root, short defaultReplication, long defaultBlockSize, LeaseManager leases)
    {
        Root = root;
        Leases = leases;
        _defaultReplication = defaultReplication;
        _defaultBlockSize = defaultBlockSize;
        Directory.CreateDirectory(root);
    }

    public string Root { get; }

    public LeaseManager Leases { get; }

    public string ToLocal(HdfsPath path) => path.ToLocal(Root);

    public FileStatusInfo GetStatus(HdfsPath path)
    {
        lock (_lock)
        {
            return StatusOf(path, string.Empty) ?? throw HdfsError.FileNotFound($"File does not exist: {path}");
        }
    }

    public IReadOnlyList<FileStatusInfo> List(HdfsPath path)
    {
        lock (_lock)
        {
            var local = ToLocal(path);
            if (File.Exists(local))
            {
                return [StatusOf(path, string.Empty)!];
            }
            if (!Directory.Exists(local))
            {
                throw HdfsError.FileNotFound($"File {path} does not exist.");
            }
            var names = Directory.EnumerateFileSystemEntries(local).Select(Path.GetFileName).OfType<string>().ToList();
            names.Sort(StringComparer.Ordinal);
            var result = new List<FileStatusInfo>(names.Count);
            foreach (var name in names)
            {
                if (StatusOf(path.Child(name), name) is { } status)
                {
                    result.Add(status);
                }
            }
            return result;
        }
    }

    /// <summary>The length a NameNode looks at before redirecting OPEN or APPEND to a datanode (0 for a folder).</summary>
    public long LengthForRedirect(HdfsPath path)
    {
        lock (_lock)
        {
            var status = StatusOf(path, string.Empty) ?? throw HdfsError.FileNotFound($"File {path} not found.");
            return status.Length;
        }
    }

    public bool Mkdirs(HdfsPath path, short? permission, string user)
    {
        lock (_lock)
        {
            MakeDirectories(path, permission ?? DefaultDirectoryPermission, user, path);
            return true;
        }
    }

    /// <summary>HDFS's original rename: false (not an error) when the source is missing or the destination is taken.</summary>
    public bool Rename(HdfsPath source, HdfsPath destination)
    {
        lock (_lock)
        {
            var sourceLocal = ToLocal(source);
            var sourceIsFile = File.Exists(sourceLocal);
            if (source.IsRoot || (!sourceIsFile && !Directory.Exists(sourceLocal)))
            {
                return false;
            }
            var target = Directory.Exists(ToLocal(destination)) ? destination.Child(source.Name) : destination;
            if (target.Equals(source))
            {
                return true;
            }
            if (target.IsUnder(source))
            {
                throw HdfsError.IO($"Rename destination {target} is a directory or file under source {source}");
            }
            var targetLocal = ToLocal(target);
            if (File.Exists(targetLocal) || Directory.Exists(targetLocal) || !Directory.Exists(ToLocal(target.Parent!)))
            {
                return false;
            }
            if (sourceIsFile)
            {
                File.Move(sourceLocal, targetLocal);
            }
            else
            {
                Directory.Move(sourceLocal, targetLocal);
            }
            MoveAttributes(source, target);
            Leases.Move(source, target);
            return true;
        }
    }

    public bool Delete(HdfsPath path, bool recursive)
    {
        lock (_lock)
        {
            var local = ToLocal(path);
            if (path.IsRoot)
            {
                return false;
            }
            if (File.Exists(local))
            {
                File.Delete(local);
            }
            else if (Directory.Exists(local))
            {
                if (!recursive && Directory.EnumerateFileSystemEntries(local).Any())
                {
                    throw new HdfsError(JavaExceptionType.PathIsNotEmptyDirectory, $"`{path} is non empty': Directory is not empty");
                }
                Directory.Delete(local, recursive: true);
            }
            else
            {
                return false;
            }
            RemoveAttributes(path);
            return true;
        }
    }

    /// <summary>Cuts a file back to <paramref name="newLength"/> bytes while holding its lease.</summary>
    public bool Truncate(HdfsPath path, long newLength, string requester)
    {
        string local;
        lock (_lock)
        {
            local = ToLocal(path);
            if (Directory.Exists(local))
            {
                throw HdfsError.FileNotFound($"Path is not a file: {path}");
            }
            if (!File.Exists(local))
            {
                throw HdfsError.FileNotFound($"File does not exist: {path}");
            }
            if (newLength < 0)
            {
                throw new HdfsError(JavaExceptionType.HadoopIllegalArgument, $"Cannot truncate to a negative file size: {newLength}.");
            }
            var length = new FileInfo(local).Length;
            if (newLength > length)
            {
                throw new HdfsError(JavaExceptionType.HadoopIllegalArgument,
                    $"Cannot truncate to a larger file size. Current size: {length}, truncate size: {newLength}.");
            }
        }
        var lease = AcquireLease("TRUNCATE", path, requester);
        try
        {
            long length;
            using (var stream = new FileStream(local, FileMode.Open, FileAccess.Write, WriterShare))
            {
                length = stream.Length;
                stream.SetLength(newLength);
            }
            long blockSize;
            lock (_lock)
            {
                blockSize = AttributesOf(path, false).BlockSize;
            }
            if (TruncateRecovery <= TimeSpan.Zero || newLength == length || newLength % blockSize == 0)
            {
                return true;
            }
            lock (_lock)
            {
                _recoveringUntil[path] = Environment.TickCount64 + (long)TruncateRecovery.TotalMilliseconds;
            }
            return false;
        }
        finally
        {
            Leases.Release(lease, TimeSpan.Zero);
        }
    }

    /// <summary>Takes the write lease or fails with AlreadyBeingCreatedException naming the current holder.</summary>
    public Lease AcquireLease(string op, HdfsPath path, string requester)
    {
        lock (_lock)
        {
            if (_recoveringUntil.TryGetValue(path, out var until))
            {
                if (until > Environment.TickCount64)
                {
                    throw new HdfsError(JavaExceptionType.RecoveryInProgress, LeaseMessages.RecoveryInProgress(op, path, requester));
                }
                _recoveringUntil.Remove(path);
            }
        }
        if (!Leases.TryAcquire(path, requester, out var lease))
        {
            throw new HdfsError(JavaExceptionType.AlreadyBeingCreated, LeaseMessages.Conflict(op, path, requester, lease.Holder));
        }
        return lease;
    }

    /// <summary>The CREATE data step: checks overwrite, creates missing parents and opens the (emptied) file.</summary>
    public FileStream CreateFile(HdfsPath path, bool overwrite, short? permission, short? replication, long? blockSize, string user)
    {
        lock (_lock)
        {
            var local = ToLocal(path);
            if (path.IsRoot || Directory.Exists(local))
            {
                throw new HdfsError(JavaExceptionType.FileAlreadyExists, $"{path} already exists as a directory");
            }
            if (!overwrite && File.Exists(local))
            {
                throw new HdfsError(JavaExceptionType.FileAlreadyExists, $"{path} for client {LeaseMessages.ClientMachine} already exists");
            }
            MakeDirectories(path.Parent!, DefaultDirectoryPermission, user, path);
            var stream = new FileStream(local, FileMode.Create, FileAccess.Write, WriterShare, bufferSize: 0);
            _attributes[path] = new InodeAttributes(
                false,
                user,
                AttributesOf(path.Parent!, true).Group,
                permission ?? DefaultFilePermission,
                replication ?? _defaultReplication,
                blockSize ?? _defaultBlockSize,
                NextFileId());
            return stream;
        }
    }

    /// <summary>The APPEND data step: opens an existing file at its end.</summary>
    public FileStream OpenForAppend(HdfsPath path)
    {
        lock (_lock)
        {
            return new FileStream(AppendableLocal(path), FileMode.Append, FileAccess.Write, WriterShare, bufferSize: 0);
        }
    }

    /// <summary>Throws FileNotFoundException unless the file exists (APPEND checks existence before the lease).</summary>
    public void RequireAppendable(HdfsPath path)
    {
        lock (_lock)
        {
            AppendableLocal(path);
        }
    }

    public FileStream OpenForRead(HdfsPath path)
    {
        lock (_lock)
        {
            var local = ToLocal(path);
            if (Directory.Exists(local))
            {
                throw HdfsError.FileNotFound($"Path is not a file: {path}");
            }
            if (!File.Exists(local))
            {
                throw HdfsError.FileNotFound($"File does not exist: {path}");
            }
            return new FileStream(local, FileMode.Open, FileAccess.Read, WriterShare);
        }
    }

    public void SetPermission(HdfsPath path, short permission)
    {
        lock (_lock)
        {
            var current = StatusOf(path, string.Empty)?.Attributes ?? throw HdfsError.FileNotFound($"File does not exist: {path}");
            _attributes[path] = current with { Permission = permission };
        }
    }

    public void SetOwner(HdfsPath path, string? owner, string? group)
    {
        lock (_lock)
        {
            var current = StatusOf(path, string.Empty)?.Attributes ?? throw HdfsError.FileNotFound($"File does not exist: {path}");
            _attributes[path] = current with { Owner = owner ?? current.Owner, Group = group ?? current.Group };
        }
    }

    private FileStatusInfo? StatusOf(HdfsPath path, string suffix)
    {
        var local = ToLocal(path);
        try
        {
            if (Directory.Exists(local))
            {
                var directory = new DirectoryInfo(local);
                var children = Directory.EnumerateFileSystemEntries(local).Count();
                return new FileStatusInfo(suffix, true, 0, ToEpochMillis(directory.LastWriteTimeUtc), 0, AttributesOf(path, true), children);
            }
            var file = new FileInfo(local);
            if (!file.Exists)
            {
                return null;
            }
            return new FileStatusInfo(suffix, false, file.Length, ToEpochMillis(file.LastWriteTimeUtc),
                ToEpochMillis(file.LastAccessTimeUtc), AttributesOf(path, false), 0);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null; // removed by a concurrent writer of the local folder
        }
    }

    private string AppendableLocal(HdfsPath path)
    {
        var local = ToLocal(path);
        if (Directory.Exists(local))
        {
            throw HdfsError.FileNotFound($"Path is not a file: {path}");
        }
        if (!File.Exists(local))
        {
            throw HdfsError.FileNotFound($"failed to append to non-existent file {path} for client {LeaseMessages.ClientMachine}");
        }
        return local;
    }

    private InodeAttributes AttributesOf(HdfsPath path, bool isDirectory)
    {
        if (_attributes.TryGetValue(path, out var known) && known.IsDirectory == isDirectory)
        {
            return known;
        }
        var created = isDirectory
            ? new InodeAttributes(true, _superUser, SuperGroup, DefaultDirectoryPermission, 0, 0, NextFileId())
            : new InodeAttributes(false, _superUser, SuperGroup, DefaultFilePermission, _defaultReplication, _defaultBlockSize, NextFileId());
        _attributes[path] = created;
        return created;
    }

    /// <summary>
    /// Creates <paramref name="directory"/> and its missing ancestors. A file in the way fails as HDFS fails:
    /// FileAlreadyExistsException when it is the requested path itself, ParentNotDirectoryException otherwise.
    /// </summary>
    private void MakeDirectories(HdfsPath directory, short permission, string user, HdfsPath requested)
    {
        var current = HdfsPath.Root;
        foreach (var segment in directory.Segments)
        {
            current = current.Child(segment);
            var local = ToLocal(current);
            if (File.Exists(local))
            {
                throw current.Equals(requested)
                    ? new HdfsError(JavaExceptionType.FileAlreadyExists, $"Path is not a directory: {current}")
                    : new HdfsError(JavaExceptionType.ParentNotDirectory, $"{current} (is not a directory)");
            }
            if (!Directory.Exists(local))
            {
                var group = AttributesOf(current.Parent!, true).Group;
                Directory.CreateDirectory(local);
                _attributes[current] = new InodeAttributes(true, user, group, permission, 0, 0, NextFileId());
            }
        }
    }

    private void MoveAttributes(HdfsPath from, HdfsPath to)
    {
        var moved = _attributes.Where(e => e.Key.Equals(from) || e.Key.IsUnder(from)).ToList();
        foreach (var (path, attributes) in moved)
        {
            _attributes.Remove(path);
            _attributes[path.Rebase(from, to)] = attributes;
        }
    }

    private void RemoveAttributes(HdfsPath root)
    {
        foreach (var path in _attributes.Keys.Where(p => p.Equals(root) || p.IsUnder(root)).ToList())
        {
            _attributes.Remove(path);
        }
    }

    private long NextFileId() => ++_nextFileId;

    private static long ToEpochMillis(DateTime utc) => new DateTimeOffset(utc, TimeSpan.Zero).ToUnixTimeMilliseconds();
}
