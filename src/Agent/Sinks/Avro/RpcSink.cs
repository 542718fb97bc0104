using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sinks.Avro;

/// <summary>
/// Flume's <c>AbstractRpcSink</c> (reference §1.9), shared by the avro and thrift sinks: one transaction per batch of
/// up to <c>batch-size</c> events, always sent with <c>appendBatch</c>, committed only after the server answered OK.
/// Any delivery failure rolls back, closes the client (a new one is made on the next call) and throws, so the runner
/// backs off or a sink processor fails over. <c>reset-connection-interval</c> rebuilds the client periodically.
/// </summary>
public sealed class RpcSink : ISink, IMeteredSink
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly RpcClientConfig _config;
    private readonly RpcConnector _connector;
    private readonly TimeSpan _resetInterval;
    private readonly string _kind;
    private readonly List<FlumeEvent> _batch;
    private readonly CancellationTokenSource _stopping = new();
    private RpcClient? _client;
    private long _clientCreatedAt;
    private string? _lastFailure;

    public RpcSink(string name, string kind, IChannel channel, RpcClientConfig config, RpcConnector connector, TimeSpan resetInterval)
    {
        ArgumentNullException.ThrowIfNull(config);
        Name = name;
        _kind = kind;
        Channel = channel;
        _config = config;
        _connector = connector;
        _resetInterval = resetInterval;
        _batch = new List<FlumeEvent>(config.BatchSize);
        Counter = new SinkCounter(name);
    }

    public string Name { get; }

    public IChannel Channel { get; }

    public SinkCounter Counter { get; }

    public void Start()
    {
        Counter.Start();
        try
        {
            CreateClient();
            Log.Info("Sink '{Sink}' ({Kind}) connected to {Target}", Name, _kind, _client);
        }
        catch (RpcDeliveryException ex)
        {
            Log.Warn("Sink '{Sink}' ({Kind}) cannot connect yet; it retries on the next batch: {Reason}", Name, _kind, ex.Message);
        }
    }

    public void Stop()
    {
        _stopping.Cancel();
        DestroyClient();
        Counter.Stop();
        Log.Info("Sink '{Sink}' stopped", Name);
    }

    public ProcessStatus Process()
    {
        using var tx = Channel.BeginTransaction();
        try
        {
            ResetIfDue();
            if (_client is not { IsActive: true })
            {
                DestroyClient();
                CreateClient();
            }
            tx.TakeBatch(_batch, _config.BatchSize);
            Counter.CountBatch(_batch.Count, _config.BatchSize);
            if (_batch.Count == 0)
            {
                tx.Commit();
                return ProcessStatus.Backoff;
            }
            Counter.AddDrainAttempts(_batch.Count);
            _client!.AppendBatch(_batch, _stopping.Token);
            tx.Commit();
            Counter.AddDrainSuccesses(_batch.Count);
            _lastFailure = null;
            return ProcessStatus.Ready;
        }
        catch (ChannelException ex)
        {
            tx.Rollback();
            Counter.IncrementChannelReadFail();
            Log.Warn("Sink '{Sink}': the channel failed; the batch was rolled back: {Reason}", Name, ex.Message);
            return ProcessStatus.Backoff;
        }
        catch (Exception ex) when (ex is RpcDeliveryException or OperationCanceledException)
        {
            var count = _batch.Count;
            tx.Rollback();
            DestroyClient();
            Counter.IncrementEventWriteFail();
            if (ex.Message != _lastFailure)
            {
                _lastFailure = ex.Message;
                Log.Warn("Sink '{Sink}': {Count} events were not delivered and stay in the channel: {Reason}", Name, count, ex.Message);
            }
            throw new EventDeliveryException($"{_kind} sink '{Name}' failed to send {count} events: {ex.Message}", ex);
        }
        finally
        {
            _batch.Clear();
        }
    }

    private void ResetIfDue()
    {
        if (_resetInterval > TimeSpan.Zero && _client is not null && Environment.TickCount64 - _clientCreatedAt >= _resetInterval.TotalMilliseconds)
        {
            Log.Debug("Sink '{Sink}': reset-connection-interval reached; reconnecting", Name);
            DestroyClient();
        }
    }

    private void CreateClient()
    {
        try
        {
            _client = RpcClient.Create(_config, _connector, _stopping.Token);
            _clientCreatedAt = Environment.TickCount64;
            Counter.IncrementConnectionCreated();
        }
        catch (RpcDeliveryException)
        {
            Counter.IncrementConnectionFailed();
            throw;
        }
    }

    private void DestroyClient()
    {
        if (Interlocked.Exchange(ref _client, null) is { } client)
        {
            client.Dispose();
            Counter.IncrementConnectionClosed();
        }
    }
}
