using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Sinks.Avro;

/// <summary>
/// Flume's <c>RpcClient</c>: <see cref="AppendBatch"/> delivers a list in <c>batch-size</c> chunks, sequentially,
/// and returns only when every chunk was answered OK. A failure throws <see cref="RpcDeliveryException"/>; the caller
/// then disposes the client, as Flume's sinks do.
/// </summary>
public abstract class RpcClient : IDisposable
{
    protected RpcClient(RpcClientConfig config, RpcConnector connector)
    {
        Config = config;
        Connector = connector;
    }

    public RpcClientConfig Config { get; }

    public virtual bool IsActive => true;

    protected RpcConnector Connector { get; }

    public static RpcClient Create(RpcClientConfig config, RpcConnector connector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        RpcClient client = config.Kind switch
        {
            RpcClientKind.Failover => new FailoverRpcClient(config, connector),
            RpcClientKind.LoadBalance => new LoadBalancingRpcClient(config, connector),
            _ => new DefaultRpcClient(config, connector),
        };
        try
        {
            client.Open(cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public void AppendBatch(IReadOnlyList<FlumeEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (var offset = 0; offset < events.Count; offset += Config.BatchSize)
        {
            Send(events, offset, Math.Min(Config.BatchSize, events.Count - offset), cancellationToken);
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    public abstract override string ToString();

    /// <summary>Connects eagerly where Flume does (the default client); the others connect on first use.</summary>
    protected virtual void Open(CancellationToken cancellationToken)
    {
    }

    protected abstract void Send(IReadOnlyList<FlumeEvent> events, int offset, int count, CancellationToken cancellationToken);

    protected abstract void Dispose(bool disposing);
}

/// <summary>Flume's default client: one connection to the first host, inactive after any failure.</summary>
public sealed class DefaultRpcClient : RpcClient
{
    private IRpcConnection? _connection;

    public DefaultRpcClient(RpcClientConfig config, RpcConnector connector)
        : base(config, connector)
    {
    }

    public override bool IsActive => _connection is { IsActive: true };

    public override string ToString() => Config.Hosts[0].ToString();

    protected override void Open(CancellationToken cancellationToken) => _connection = Connector(Config.Hosts[0], cancellationToken);

    protected override void Send(IReadOnlyList<FlumeEvent> events, int offset, int count, CancellationToken cancellationToken) =>
        (_connection ?? throw new RpcDeliveryException($"no connection to {this}")).Send(events, offset, count, cancellationToken);

    protected override void Dispose(bool disposing) => Interlocked.Exchange(ref _connection, null)?.Dispose();
}
