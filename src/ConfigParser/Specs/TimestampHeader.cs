namespace FlumeNet.ConfigParser.Specs;

/// <summary>Whether a source puts a <c>timestamp</c> header on its events (the HDFS sink's time escapes need one).</summary>
public enum TimestampHeader
{
    Never,
    /// <summary>Depends on the data or the upstream agent (avro, syslog, http).</summary>
    Maybe,
    Always,
}
