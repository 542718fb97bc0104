using NLog;

namespace FlumeNet.Agent.LogHub;

/// <summary>
/// One consumer of a LogHub consumer group (reference §7): makes sure the group exists, heartbeats every interval,
/// runs a <see cref="ShardConsumer"/> for exactly the shards the server assigns, and lets go of shards the server
/// takes away (after their checkpoint is saved). On stop every shard saves its checkpoint and a last heartbeat with
/// no shards releases them at once, so a restarted or other consumer picks them up without waiting for the timeout.
/// </summary>
public sealed class ConsumerGroupWorker : IAsyncDisposable
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly LogHubClient _client;
    private readonly ConsumerGroupOptions _options;
    private readonly IShardBatchHandler _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<int, ShardConsumer> _shards = [];
    private readonly object _lock = new();
    private Task? _heartbeats;
    private LogHubException? _fault;
    private int _disposed;

    public ConsumerGroupWorker(LogHubClient client, ConsumerGroupOptions options, IShardBatchHandler handler)
    {
        _client = client;
        _options = options;
        _handler = handler;
    }

    /// <summary>The first fatal error (wrong key, missing logstore…), after which the worker stopped; null while healthy.</summary>
    public LogHubException? Fault => Volatile.Read(ref _fault);

    /// <summary>Creates or updates the group and sends the first heartbeat; fatal errors are thrown here, not retried.</summary>
    /// <exception cref="LogHubException">The group cannot be joined.</exception>
    public async Task StartAsync(CancellationToken ct)
    {
        await _client.EnsureConsumerGroupAsync(_options.Group, _options.TimeoutSeconds, _options.InOrder, ct).ConfigureAwait(false);
        // A consumer the server does not know must first register with an empty list (NotExistConsumerWithBody otherwise).
        await _client.HeartbeatAsync(_options.Group, _options.Consumer, [], ct).ConfigureAwait(false);
        Log.Info("Joined LogHub consumer group '{Group}' of {Target} as '{Consumer}'", _options.Group, _client, _options.Consumer);
        _heartbeats = Task.Run(HeartbeatLoopAsync, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_heartbeats is not null)
        {
            await _heartbeats.ConfigureAwait(false);
        }
        ShardConsumer[] all;
        lock (_lock)
        {
            all = [.. _shards.Values];
            _shards.Clear();
        }
        foreach (var shard in all)
        {
            shard.RequestStop();
        }
        await Task.WhenAll(Array.ConvertAll(all, s => s.Task)).ConfigureAwait(false);
        if (Fault is null)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.HeartbeatAsync(_options.Group, _options.Consumer, [], timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is LogHubException or OperationCanceledException)
            {
                Log.Info("Could not release the shards of consumer '{Consumer}' ({Reason}); the server frees them after {Timeout} s",
                    _options.Consumer, ex.Message, _options.TimeoutSeconds);
            }
        }
        _stopping.Dispose();
    }

    private async Task HeartbeatLoopAsync()
    {
        var lastSuccess = DateTime.UtcNow;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var assigned = await _client.HeartbeatAsync(_options.Group, _options.Consumer, ReapAndListHeld(), _stopping.Token).ConfigureAwait(false);
                lastSuccess = DateTime.UtcNow;
                Rebalance(assigned);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (LogHubException ex) when (ex.Kind is LogHubErrorKind.Fatal)
            {
                OnFatal(ex);
                return;
            }
            catch (LogHubException ex)
            {
                Log.Warn("LogHub heartbeat of consumer '{Consumer}' failed: {Reason}", _options.Consumer, ex.Message);
                if (DateTime.UtcNow - lastSuccess > TimeSpan.FromSeconds(_options.TimeoutSeconds))
                {
                    // The server has freed our shards by now; reading on would duplicate another consumer's work.
                    Log.Warn("No heartbeat for {Timeout} s: consumer '{Consumer}' lets go of all its shards", _options.TimeoutSeconds, _options.Consumer);
                    Rebalance([]);
                }
            }
            try
            {
                await Task.Delay(_options.HeartbeatInterval, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Forgets finished shard loops; the rest (including ones still saving their checkpoint) are reported as held.</summary>
    private List<int> ReapAndListHeld()
    {
        lock (_lock)
        {
            var held = new List<int>(_shards.Count);
            foreach (var (id, shard) in _shards)
            {
                if (shard.Task.IsCompleted)
                {
                    _shards.Remove(id);
                }
                else
                {
                    held.Add(id);
                }
            }
            held.Sort();
            return held;
        }
    }

    private void Rebalance(IReadOnlyList<int> assigned)
    {
        lock (_lock)
        {
            if (Fault is not null || _stopping.IsCancellationRequested)
            {
                return;
            }
            foreach (var (id, shard) in _shards)
            {
                if (!assigned.Contains(id) && !shard.Stopping)
                {
                    Log.Info("LogHub shard {Shard} is released by consumer '{Consumer}' (rebalance)", id, _options.Consumer);
                    shard.RequestStop();
                }
            }
            foreach (var id in assigned)
            {
                if (!_shards.ContainsKey(id))
                {
                    Log.Info("LogHub shard {Shard} is assigned to consumer '{Consumer}'", id, _options.Consumer);
                    _shards[id] = new ShardConsumer(id, _client, _options, _handler, OnFatal, _stopping.Token);
                }
            }
        }
    }

    private void OnFatal(LogHubException ex)
    {
        if (Interlocked.CompareExchange(ref _fault, ex, null) is not null)
        {
            return;
        }
        Log.Error("LogHub consumer '{Consumer}' of {Target} stopped; fix the configuration and restart: {Reason}", _options.Consumer, _client, ex.Message);
        _stopping.Cancel();
    }
}
