namespace FlumeNet.Tools.WebHdfsEmulator.Namespace;

/// <summary>One FileStatus entry as GETFILESTATUS and LISTSTATUS report it.</summary>
internal sealed record FileStatusInfo(
    string PathSuffix,
    bool IsDirectory,
    long Length,
    long ModificationTime,
    long AccessTime,
    InodeAttributes Attributes,
    int ChildrenNum);
