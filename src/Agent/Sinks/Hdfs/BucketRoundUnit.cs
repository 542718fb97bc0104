namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>The calendar field <c>hdfs.roundUnit</c> rounds down.</summary>
public enum BucketRoundUnit
{
    Second,
    Minute,
    Hour,
}
