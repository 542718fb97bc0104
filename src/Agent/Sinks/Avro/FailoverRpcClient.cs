using FlumeNet.Agent.Core;
using NLog;

namespace FlumeNet.Agent.Sinks.Avro;

/// <summary>
/// Flume's <c>default_failover</c> client (reference §1.10): sends to the current host; when that fails, moves on to the
/// next host in <c>hosts</c> order and retries the same chunk, up to <c>max-attempts</c> hosts per call.
/// </summary>
public sealed class FailoverRpcClient : RpcClient
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private IRpcConnection? _connection;
    private int _current;

    public FailoverRpcClient(RpcClientConfig config, RpcConnector connector)
        : base(config, connector)
    {
    }

    public override string ToString() => $"failover[{string.Join(' ', Config.Hosts)}]";

    protected override void Send(IReadOnlyList<FlumeEvent> events, int offset, int count, CancellationToken cancellationToken)
    {
        RpcDeliveryException? last = null;
        for (var attempt = 0; attempt < Config.MaxAttempts; attempt++)
        {
            var host = Config.Hosts[_current];
            try
            {
                if (_connection is not { IsActive: true })
                {
                    _connection?.Dispose();
                    _connection = Connector(host, cancellationToken);
                }
                _connection.Send(events, offset, count, cancellationToken);
                return;
            }
            catch (RpcDeliveryException ex)
            {
                last = ex;
                _connection?.Dispose();
                _connection = null;
                _current = (_current + 1) % Config.Hosts.Count;
                Log.Warn("Failover RPC client: {Host} failed, trying {Next}: {Reason}", host, Config.Hosts[_current], ex.Message);
            }
        }
        throw new RpcDeliveryException($"all {Config.MaxAttempts} failover attempts failed; last: {last?.Message}", last!);
    }

    protected override void Dispose(bool disposing) => Interlocked.Exchange(ref _connection, null)?.Dispose();
}
