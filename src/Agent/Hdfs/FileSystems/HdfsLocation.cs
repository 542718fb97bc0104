namespace FlumeNet.Agent.Hdfs.FileSystems;

/// <summary>Where an <c>hdfs.path</c> lies: the local disk, or a cluster's scheme and authority; and the path inside it.</summary>
public readonly record struct HdfsLocation(string Scheme, string Authority, string Path)
{
    public const string Local = "file";

    public bool IsLocal => Scheme == Local;
}
