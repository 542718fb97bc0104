namespace FlumeNet.Agent.Hdfs.FileSystems;

/// <summary>
/// The few filesystem operations the HDFS sink needs, for the local disk or a cluster over WebHDFS. Paths are absolute
/// within the filesystem (<c>/tmp/flume/x</c>). Failures are <see cref="IOException"/>s whose message names the path.
/// Implementations are safe for use from more than one thread (the sink thread and its leftover finisher).
/// </summary>
public interface IHdfsFileSystem
{
    /// <summary>A short description for logs: <c>file:///</c>, <c>webhdfs://nn:9870</c>.</summary>
    string Description { get; }

    /// <summary>
    /// Creates a new file and its missing parent directories; never replaces an existing file (Hadoop's
    /// <c>overwrite=false</c>). The stream's Flush is Hadoop's hflush.
    /// </summary>
    /// <exception cref="HdfsFileExistsException">The path exists already.</exception>
    Stream Create(string path);

    bool Exists(string path);

    /// <summary>The file's or directory's status, or null when it does not exist.</summary>
    HdfsFileStatus? Status(string path);

    /// <summary>Renames a file; false when the source is gone or the destination already exists.</summary>
    bool Rename(string from, string to);

    /// <summary>The names of the files directly in a directory (empty when it does not exist).</summary>
    IReadOnlyList<string> ListFiles(string directory);

    /// <summary>The files and directories directly in a directory (empty when it does not exist).</summary>
    IReadOnlyList<HdfsFileStatus> List(string directory);

    /// <summary>Reads a whole file from its start.</summary>
    Stream OpenRead(string path);

    /// <summary>Cuts a file back to <paramref name="length"/> bytes; returns once the file has that length.</summary>
    void Truncate(string path, long length);

    /// <summary>Deletes a file; false when it does not exist.</summary>
    bool Delete(string path);

    /// <summary>
    /// The sink's drain limit has passed: calls in progress end soon with an <see cref="IOException"/> and later calls
    /// do not wait or retry (a local disk does not wait on a peer, so it has nothing to do).
    /// </summary>
    void Interrupt()
    {
    }
}
