using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Sinks.Avro;

/// <summary>One host of an RPC client: its alias from <c>hosts</c> and its <c>host:port</c>.</summary>
public sealed record RpcHost(string Alias, string Host, int Port)
{
    public override string ToString() => $"{Host}:{Port}";
}

/// <summary>
/// One connection to one RPC server (avro or thrift). <see cref="Send"/> blocks until the server answered, returns only
/// when it answered OK; anything else throws, and the connection is then inactive and must be disposed.
/// </summary>
public interface IRpcConnection : IDisposable
{
    bool IsActive { get; }

    /// <exception cref="RpcDeliveryException">The server refused the batch or the call failed.</exception>
    void Send(IReadOnlyList<FlumeEvent> events, int offset, int count, CancellationToken cancellationToken);
}

/// <summary>Opens a connection to one host (connect, TLS, nothing sent yet).</summary>
public delegate IRpcConnection RpcConnector(RpcHost host, CancellationToken cancellationToken);

/// <summary>A batch was not delivered (refused, timed out, connection lost); it must be retried.</summary>
public sealed class RpcDeliveryException : IOException
{
    public RpcDeliveryException()
    {
    }

    public RpcDeliveryException(string message)
        : base(message)
    {
    }

    public RpcDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
