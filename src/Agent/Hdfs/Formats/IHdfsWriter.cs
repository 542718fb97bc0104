using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Hdfs.Formats;

/// <summary>
/// Turns the events of one open HDFS file into bytes in one of Flume's file formats (<c>hdfs.fileType</c>).
/// Lifecycle: <see cref="Open"/> once, then any number of <see cref="Append"/> and <see cref="Sync"/>, then
/// <see cref="Close"/>. The writer never disposes the stream and only flushes it in <see cref="Close"/>; the caller
/// flushes it (Hadoop's hflush) after <see cref="Sync"/>. Not thread-safe: one writer per file, used by one thread at a
/// time. Stream failures surface as the stream's <see cref="IOException"/>; after one the file should be abandoned.
/// </summary>
public interface IHdfsWriter
{
    /// <summary>Sum of the raw event body lengths appended to this file (what <c>hdfs.rollSize</c> compares).</summary>
    long BytesWritten { get; }

    /// <summary>Starts a new file on <paramref name="output"/>, writing the format's header if it has one.</summary>
    void Open(Stream output);

    /// <summary>Appends one event. Bytes may stay buffered in the writer until <see cref="Sync"/>.</summary>
    void Append(FlumeEvent e);

    /// <summary>
    /// Flume's flush point: everything appended so far is written into the stream in a form a reader can decode
    /// (a SequenceFile sync entry or compressed block, a finished compressed member).
    /// </summary>
    void Sync();

    /// <summary>Writes what is still pending and any trailer, then flushes the stream (which stays open).</summary>
    void Close();
}
