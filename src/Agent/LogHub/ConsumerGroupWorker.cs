using NLog;

namespace FlumeNet.Agent.LogHub;

/// <summary>
/// One consumer of a LogHub consumer group (reference §7): makes sure the group exists as Alibaba's consumer library
/// does (list, create only when missing, update only when timeout or order differ), heartbeats every interval, runs
/// a <see cref="ShardConsumer"/> for exactly the shards the server assigns, and lets go of shards the server takes
/// away (after their checkpoint is saved). Once started nothing stops it but <see cref="DisposeAsync"/>: failed
/// heartbeats are retried (logged once per change of cause), and after the group timeout without one the shards are
/// let go until heartbeats work again. On stop every shard saves its checkpoint and a last heartbeat with no shards
/// releases them, so a restarted or other consumer picks them up without waiting for the timeout.
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
    private readonly FaultLog _heartbeatFaults;
    private Task? _heartbeats;
    private int _disposed;

    public ConsumerGroupWorker(LogHubClient client, ConsumerGroupOptions options, IShardBatchHandler handler)
    {
        _client = client;
        _options = options;
        _handler = handler;
        _heartbeatFaults = new FaultLog(Log, $"LogHub heartbeat of consumer '{options.Consumer}'");
    }

    /// <summary>Makes sure the group exists and sends the first heartbeat; errors are thrown here, not retried.</summary>
    /// <exception cref="LogHubException">The group cannot be joined.</exception>
    public async Task StartAsync(CancellationToken ct)
    {
        var setup = await _client.EnsureConsumerGroupAsync(_options.Group, _options.TimeoutSeconds, _options.InOrder, ct).ConfigureAwait(false);
        switch (setup.Change)
        {
            case ConsumerGroupChange.Created:
                Log.Info("Created LogHub consumer group '{Group}' of {Target} (timeout {Timeout} s, order {Order})", _options.GroupDisplay, _client, _options.TimeoutSeconds, _options.InOrder);
                break;
            case ConsumerGroupChange.Updated:
                Log.Info("Updated LogHub consumer group '{Group}' of {Target} to timeout {Timeout} s, order {Order}", _options.GroupDisplay, _client, _options.TimeoutSeconds, _options.InOrder);
                break;
            case ConsumerGroupChange.UpdateRefused:
                Log.Warn("LogHub consumer group '{Group}' of {Target} keeps timeout {OldTimeout} s and order {OldOrder} (wanted {Timeout} s, {Order}): {Reason}",
                    _options.GroupDisplay, _client, setup.Existing?.TimeoutSeconds, setup.Existing?.InOrder, _options.TimeoutSeconds, _options.InOrder, setup.Refusal?.Message);
                break;
        }
        // A consumer the server does not know must first register with an empty list (NotExistConsumerWithBody otherwise).
        await _client.HeartbeatAsync(_options.Group, _options.Consumer, [], ct).ConfigureAwait(false);
        Log.Info("Joined LogHub consumer group '{Group}' of {Target} as '{Consumer}'", _options.GroupDisplay, _client, _options.Consumer);
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
        _stopping.Dispose();
    }

    private async Task HeartbeatLoopAsync()
    {
        var lastSuccess = DateTime.UtcNow;
        var timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds);
        var letGo = false;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                // Never longer than the group timeout: by then the server has given our shards away.
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                deadline.CancelAfter(timeout);
                List<int> held = ReapAndListHeld();
                IReadOnlyList<int> assigned;
                try
                {
                    assigned = await _client.HeartbeatAsync(_options.Group, _options.Consumer, held, deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!_stopping.IsCancellationRequested)
                {
                    throw new LogHubException($"LogHub heartbeat got no answer within the group timeout of {_options.TimeoutSeconds} s", ex);
                }
                lastSuccess = DateTime.UtcNow;
                letGo = false;
                _heartbeatFaults.Succeeded("the heartbeat");
                Rebalance(assigned);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (LogHubException ex)
            {
                _handler.ReportFailedCall();
                _heartbeatFaults.Failed(ex, "heartbeats are retried every interval until they work");
                if (!letGo && DateTime.UtcNow - lastSuccess > timeout)
                {
                    // The server has freed our shards by now; reading on would duplicate another consumer's work.
                    Log.Warn("No heartbeat for {Timeout} s: consumer '{Consumer}' lets go of all its shards until heartbeats work again", _options.TimeoutSeconds, _options.Consumer);
                    letGo = true;
                    Rebalance([]);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Never let the loop die silently: the consumer would be evicted and the agent go quiet.
                _handler.ReportFailedCall();
                _heartbeatFaults.Failed(ex, "heartbeats are retried every interval until they work");
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
            if (_stopping.IsCancellationRequested)
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
                    _shards[id] = new ShardConsumer(id, _client, _options, _handler, _stopping.Token);
                }
            }
        }
    }
}
