namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>
/// A template or event that BucketPath cannot expand: an unknown static escape (at compile time), or a missing,
/// unparsable or unroundable timestamp (per event; the sink rolls the batch back).
/// </summary>
public sealed class BucketPathException : Exception
{
    public BucketPathException()
    {
    }

    public BucketPathException(string message)
        : base(message)
    {
    }

    public BucketPathException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
