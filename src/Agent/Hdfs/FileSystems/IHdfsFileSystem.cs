namespace FlumeNet.Agent.Hdfs.FileSystems;

/// <summary>
/// The few filesystem operations the HDFS sink needs, for the local disk or a cluster over WebHDFS. Paths are absolute
/// within the filesystem (<c>/tmp/flume/x</c>). Failures are <see cref="IOException"/>s whose message names the path.
/// </summary>
public interface IHdfsFileSystem
{
    /// <summary>A short description for logs: <c>file:///</c>, <c>webhdfs://nn:9870</c>.</summary>
    string Description { get; }

    /// <summary>Creates (overwriting) a file and its missing parent directories; the stream's Flush is Hadoop's hflush.</summary>
    Stream Create(string path);

    bool Exists(string path);

    /// <summary>Renames a file; false when the source is gone or the destination already exists.</summary>
    bool Rename(string from, string to);

    /// <summary>The names of the files directly in a directory (empty when it does not exist).</summary>
    IReadOnlyList<string> ListFiles(string directory);
}
