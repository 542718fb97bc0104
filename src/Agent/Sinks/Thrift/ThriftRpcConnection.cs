using System.Net.Sockets;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Sinks.Avro;
using FlumeNet.Agent.ThriftRpc;

namespace FlumeNet.Agent.Sinks.Thrift;

/// <summary>Flume's <c>ThriftRpcClient</c> for one host: a reply other than OK fails the batch ("Server returned status : X").</summary>
public sealed class ThriftRpcConnection : IRpcConnection
{
    private readonly ThriftRpcClient _client;

    private ThriftRpcConnection(ThriftRpcClient client) => _client = client;

    public bool IsActive => _client.IsActive;

    public static RpcConnector Connector(RpcClientConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return (host, ct) =>
        {
            try
            {
                // The thrift library is asynchronous only; the sink runner's thread waits for it.
                return new ThriftRpcConnection(ThriftRpcClient.ConnectAsync(host.Host, host.Port, config.ThriftBinary, config.Tls,
                    config.ConnectTimeout, config.RequestTimeout, ct).GetAwaiter().GetResult());
            }
            catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or System.Security.Authentication.AuthenticationException)
            {
                throw new RpcDeliveryException($"cannot connect to {host}: {ex.Message}", ex);
            }
        };
    }

    public void Send(IReadOnlyList<FlumeEvent> events, int offset, int count, CancellationToken cancellationToken)
    {
        ThriftStatus status;
        try
        {
            status = _client.AppendBatchAsync(events, offset, count, cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is IOException or SocketException or TimeoutException)
        {
            _client.Dispose();
            throw new RpcDeliveryException($"appendBatch to {_client} failed: {ex.Message}", ex);
        }
        if (status != ThriftStatus.Ok)
        {
            _client.Dispose();
            throw new RpcDeliveryException($"Server returned status : {status.ToString().ToUpperInvariant()}");
        }
    }

    public void Dispose() => _client.Dispose();
}
