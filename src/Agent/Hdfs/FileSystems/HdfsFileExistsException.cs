namespace FlumeNet.Agent.Hdfs.FileSystems;

/// <summary>A create found the path taken (Hadoop's <c>FileAlreadyExistsException</c>); the caller picks another name.</summary>
public sealed class HdfsFileExistsException : IOException
{
    public HdfsFileExistsException()
        : base("the file exists already")
    {
    }

    public HdfsFileExistsException(string message)
        : base(message)
    {
    }

    public HdfsFileExistsException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
