using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Sinks.Avro;

/// <summary>
/// Flume's <c>RpcClient</c>: <see cref="AppendBatchAsync"/> delivers a list in <c>batch-size</c> chunks, sequentially,
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

    public static async Task<RpcClient> CreateAsync(RpcClientConfig config, RpcConnector connector, CancellationToken cancellationToken)
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
            await client.OpenAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public async Task AppendBatchAsync(IReadOnlyList<FlumeEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (var offset = 0; offset < events.Count; offset += Config.BatchSize)
        {
            await SendAsync(events, offset, Math.Min(Config.BatchSize, events.Count - offset), cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    public abstract override string ToString();

    /// <summary>Connects eagerly where Flume does (the default client); the others connect on first use.</summary>
    protected virtual Task OpenAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected abstract Task SendAsync(IReadOnlyList<FlumeEvent> events, int offset, int count, CancellationToken cancellationToken);

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

    protected override async Task OpenAsync(CancellationToken cancellationToken) =>
        _connection = await Connector(Config.Hosts[0], cancellationToken).ConfigureAwait(false);

    protected override Task SendAsync(IReadOnlyList<FlumeEvent> events, int offset, int count, CancellationToken cancellationToken) =>
        (_connection ?? throw new RpcDeliveryException($"no connection to {this}")).SendAsync(events, offset, count, cancellationToken);

    protected override void Dispose(bool disposing) => Interlocked.Exchange(ref _connection, null)?.Dispose();
}
