using System.Net.Sockets;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Sinks.Avro;

/// <summary>Flume's <c>NettyAvroRpcClient</c> for one host: an <see cref="AvroRpcClient"/> whose non-OK replies are failures.</summary>
public sealed class AvroRpcConnection : IRpcConnection
{
    private readonly AvroRpcClient _client;

    private AvroRpcConnection(AvroRpcClient client) => _client = client;

    public bool IsActive => _client.IsActive;

    public static RpcConnector Connector(RpcClientConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return (host, ct) =>
        {
            var options = new AvroRpcClientOptions(host.Host, host.Port)
            {
                ConnectTimeout = config.ConnectTimeout,
                RequestTimeout = config.RequestTimeout,
                Deflate = config.Deflate,
                CompressionLevel = config.CompressionLevel,
                Tls = config.Tls,
            };
            try
            {
                return new AvroRpcConnection(AvroRpcClient.Connect(options, ct));
            }
            catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or System.Security.Authentication.AuthenticationException)
            {
                throw new RpcDeliveryException($"cannot connect to {host}: {ex.Message}", ex);
            }
        };
    }

    public void Send(IReadOnlyList<FlumeEvent> events, int offset, int count, CancellationToken cancellationToken)
    {
        AvroStatus status;
        try
        {
            status = _client.AppendBatch(events, offset, count, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or InvalidDataException)
        {
            _client.Dispose();
            throw new RpcDeliveryException($"appendBatch to {_client} failed: {ex.Message}", ex);
        }
        if (status != AvroStatus.Ok)
        {
            _client.Dispose();
            throw new RpcDeliveryException($"{_client} answered {status.ToString().ToUpperInvariant()} to appendBatch (its channel did not take the batch)");
        }
    }

    public void Dispose() => _client.Dispose();
}
