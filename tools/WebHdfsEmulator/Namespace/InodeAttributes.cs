namespace FlumeNet.Tools.WebHdfsEmulator.Namespace;

/// <summary>
/// What HDFS keeps per inode and a local folder cannot: owner, group, permission bits, replication, block size and
/// the inode id. Held in memory by <see cref="LocalNamespace"/>; entries created outside the emulator get defaults.
/// </summary>
internal sealed record InodeAttributes(
    bool IsDirectory,
    string Owner,
    string Group,
    short Permission,
    short Replication,
    long BlockSize,
    long FileId);
