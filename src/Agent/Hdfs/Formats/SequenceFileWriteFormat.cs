namespace FlumeNet.Agent.Hdfs.Formats;

/// <summary><c>hdfs.writeFormat</c>: the Writable class holding the event body in a SequenceFile.</summary>
public enum SequenceFileWriteFormat
{
    /// <summary><c>org.apache.hadoop.io.BytesWritable</c>: 4-byte big-endian length + body (Flume's default).</summary>
    Writable,

    /// <summary><c>org.apache.hadoop.io.Text</c>: VInt length + body, for Hive and Impala.</summary>
    Text,
}
