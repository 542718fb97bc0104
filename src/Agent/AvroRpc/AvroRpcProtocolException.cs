namespace FlumeNet.Agent.AvroRpc;

/// <summary>The peer sent bytes that are not Flume's Avro RPC (bad frame, bad handshake, unknown message); the connection is closed.</summary>
public sealed class AvroRpcProtocolException : IOException
{
    public AvroRpcProtocolException()
    {
    }

    public AvroRpcProtocolException(string message)
        : base(message)
    {
    }

    public AvroRpcProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
