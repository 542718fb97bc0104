namespace FlumeNet.Agent.Hdfs.FileSystems;

/// <summary>What a listing or GETFILESTATUS tells about one entry; <see cref="ModifiedAtMs"/> is Unix milliseconds.</summary>
public sealed record HdfsFileStatus(string Name, bool IsDirectory, long Length, long ModifiedAtMs);
