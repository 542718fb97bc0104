using NLog;

namespace FlumeNet.Agent.LogHub;

/// <summary>
/// Reads one shard for the consumer group: starts at the group's checkpoint (else the configured position), pulls,
/// hands each pull to the handler, and saves as checkpoint the position after the newest pull whose logs the handler
/// reports stored for good, so the checkpoint never runs ahead of the data (at-least-once).
/// Throttling and transient failures pause with a growing, capped delay; losing the shard (rebalance) or a fatal error
/// ends the loop. The last checkpoint is saved when the loop ends.
/// </summary>
internal sealed class ShardConsumer
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly TimeSpan FinalDrainTimeout = TimeSpan.FromSeconds(10);
    private readonly LogHubClient _client;
    private readonly ConsumerGroupOptions _options;
    private readonly IShardBatchHandler _handler;
    private readonly Action<LogHubException> _onFatal;
    private readonly CancellationTokenSource _stop;
    private readonly Queue<(string Cursor, Func<bool> Stored)> _pending = new();
    private string? _savedCursor;
    private string? _storedCursor;

    public ShardConsumer(int shard, LogHubClient client, ConsumerGroupOptions options, IShardBatchHandler handler, Action<LogHubException> onFatal, CancellationToken stopping)
    {
        Shard = shard;
        _client = client;
        _options = options;
        _handler = handler;
        _onFatal = onFatal;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Task = Task.Run(RunAsync, CancellationToken.None);
    }

    public int Shard { get; }

    public Task Task { get; }

    public bool Stopping => _stop.IsCancellationRequested;

    /// <summary>Asks the loop to end after its current step; the checkpoint is saved on the way out, once what was handed on is stored (up to 10 s).</summary>
    public void RequestStop() => _stop.Cancel();

    private async Task RunAsync()
    {
        try
        {
            var cursor = await StartCursorAsync().ConfigureAwait(false);
            if (cursor is null)
            {
                return;
            }
            var idle = TimeSpan.Zero;
            var failures = 0;
            var resetOnce = true;
            while (!_stop.IsCancellationRequested)
            {
                PulledLogs pulled;
                try
                {
                    pulled = await _client.PullLogsAsync(Shard, cursor, _options.PullCount, _stop.Token).ConfigureAwait(false);
                    failures = 0;
                }
                catch (LogHubException ex) when (ex.Kind == LogHubErrorKind.InvalidCursor && resetOnce)
                {
                    resetOnce = false;
                    Log.Warn("LogHub shard {Shard}: cursor no longer valid ({Reason}); restarting at '{Position}'", Shard, ex.Message, _options.PositionText);
                    cursor = await _client.GetCursorAsync(Shard, _options.PositionText, _stop.Token).ConfigureAwait(false);
                    continue;
                }
                catch (LogHubException ex) when (ex.Kind is LogHubErrorKind.Throttled or LogHubErrorKind.Transient)
                {
                    await PauseAfterFailureAsync(++failures, ex).ConfigureAwait(false);
                    continue;
                }
                using (pulled)
                {
                    if (pulled.GroupCount == 0 || pulled.Length == 0)
                    {
                        idle = idle + _options.IdlePauseIncrement > _options.MaxIdlePause ? _options.MaxIdlePause : idle + _options.IdlePauseIncrement;
                        cursor = pulled.NextCursor;
                        await Task.Delay(idle, _stop.Token).ConfigureAwait(false);
                        if (!await SaveStoredCheckpointAsync(_stop.Token).ConfigureAwait(false))
                        {
                            return;
                        }
                        continue;
                    }
                    idle = TimeSpan.Zero;
                    var stored = await _handler.HandleAsync(Shard, pulled, _stop.Token).ConfigureAwait(false);
                    if (stored is null)
                    {
                        break;
                    }
                    cursor = pulled.NextCursor;
                    _pending.Enqueue((cursor, stored));
                }
                if (!await SaveStoredCheckpointAsync(_stop.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping or released: fall through to the final checkpoint.
        }
        catch (LogHubException ex) when (ex.Kind == LogHubErrorKind.ShardLost)
        {
            Log.Info("LogHub shard {Shard} now belongs to another consumer: {Reason}", Shard, ex.Message);
            return;
        }
        catch (LogHubException ex) when (ex.Kind is LogHubErrorKind.Fatal or LogHubErrorKind.Rejected or LogHubErrorKind.InvalidCursor)
        {
            _onFatal(ex);
            return;
        }
        catch (Exception ex) when (ex is InvalidDataException or LogHubException)
        {
            Log.Error("LogHub shard {Shard}: reading stopped: {Reason}", Shard, ex.Message);
            _onFatal(ex as LogHubException ?? new LogHubException(ex.Message, ex));
            return;
        }
        await SaveFinalCheckpointAsync().ConfigureAwait(false);
    }

    /// <summary>On the way out: lets the sinks finish what was handed on (bounded), then saves the last stored position.</summary>
    private async Task SaveFinalCheckpointAsync()
    {
        var deadline = DateTime.UtcNow + FinalDrainTimeout;
        while (_pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            DropStored();
            if (_pending.Count > 0)
            {
                await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
            }
        }
        if (_pending.Count > 0)
        {
            Log.Warn("LogHub shard {Shard}: {Count} pulls were not stored downstream within {Timeout} s; they will be read again", Shard, _pending.Count, FinalDrainTimeout.TotalSeconds);
        }
        if (_storedCursor is not null)
        {
            using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await SaveCheckpointAsync(_storedCursor, last.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Moves past the pulls already stored downstream (they complete in order).</summary>
    private void DropStored()
    {
        while (_pending.TryPeek(out var head) && head.Stored())
        {
            _storedCursor = head.Cursor;
            _pending.Dequeue();
        }
    }

    /// <returns>False when the shard is no longer this consumer's.</returns>
    private async Task<bool> SaveStoredCheckpointAsync(CancellationToken ct)
    {
        DropStored();
        return _storedCursor is null || await SaveCheckpointAsync(_storedCursor, ct).ConfigureAwait(false);
    }

    private async Task<string?> StartCursorAsync()
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                foreach (var checkpoint in await _client.GetCheckpointsAsync(_options.Group, _stop.Token).ConfigureAwait(false))
                {
                    if (checkpoint.ShardId == Shard && checkpoint.Cursor.Length > 0)
                    {
                        _savedCursor = checkpoint.Cursor;
                        Log.Info("LogHub shard {Shard}: resuming consumer group '{Group}' at its checkpoint", Shard, _options.Group);
                        return checkpoint.Cursor;
                    }
                }
                var cursor = await _client.GetCursorAsync(Shard, _options.PositionText, _stop.Token).ConfigureAwait(false);
                Log.Info("LogHub shard {Shard}: no checkpoint in consumer group '{Group}'; starting at '{Position}'", Shard, _options.Group, _options.PositionText);
                return cursor;
            }
            catch (LogHubException ex) when (ex.Kind is LogHubErrorKind.Throttled or LogHubErrorKind.Transient)
            {
                await PauseAfterFailureAsync(failures, ex).ConfigureAwait(false);
            }
        }
    }

    /// <returns>False when the shard is no longer this consumer's.</returns>
    private async Task<bool> SaveCheckpointAsync(string cursor, CancellationToken ct)
    {
        if (cursor == _savedCursor)
        {
            return true;
        }
        try
        {
            await _client.UpdateCheckpointAsync(_options.Group, _options.Consumer, Shard, cursor, ct).ConfigureAwait(false);
            _savedCursor = cursor;
            return true;
        }
        catch (LogHubException ex) when (ex.Kind == LogHubErrorKind.ShardLost)
        {
            Log.Info("LogHub shard {Shard} now belongs to another consumer; its last batch will be read again there: {Reason}", Shard, ex.Message);
            return false;
        }
        catch (LogHubException ex)
        {
            // The next batch's checkpoint supersedes this one; a crash before then re-reads at most these logs.
            Log.Warn("LogHub shard {Shard}: saving the checkpoint failed, will retry with the next batch: {Reason}", Shard, ex.Message);
            return true;
        }
        catch (OperationCanceledException)
        {
            Log.Warn("LogHub shard {Shard}: the last checkpoint was not saved in time; its last batch will be read again", Shard);
            return true;
        }
    }

    private async Task PauseAfterFailureAsync(int failures, LogHubException ex)
    {
        var pause = TimeSpan.FromMilliseconds(Math.Min(_options.MaxRetryPause.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(failures - 1, 10))));
        if (failures == 1 || failures % 10 == 0)
        {
            Log.Warn("LogHub shard {Shard}: {Kind} ({Reason}); retrying in {Pause} ms (failure {Failures} in a row)",
                Shard, ex.Kind == LogHubErrorKind.Throttled ? "throttled" : "call failed", ex.Message, (int)pause.TotalMilliseconds, failures);
        }
        await Task.Delay(pause, _stop.Token).ConfigureAwait(false);
    }
}
