using NLog;

namespace FlumeNet.Agent.LogHub;

/// <summary>
/// Reads one shard for the consumer group: starts at the group's checkpoint (else the configured position), pulls,
/// and hands each pull to the handler. Every position reached (the start cursor, each pull, each empty pull) is queued
/// with a check that says when the logs before it are stored downstream; a separate checkpoint loop saves the newest
/// stored position as soon as it is stored, at most once per <see cref="ConsumerGroupOptions.CheckpointInterval"/>
/// and on average once per <see cref="ConsumerGroupOptions.CheckpointSpacing"/> (a few in a row after a start),
/// whatever the reading side is waiting for. Each pull asks for about <see cref="ConsumerGroupOptions.MaxPullBytes"/>
/// of log groups (<see cref="PullSizer"/>); one that read fewer than it asked for (before an SPL filter) is followed
/// by the next only <see cref="ConsumerGroupOptions.PullInterval"/> after it started, so a slow stream gets one
/// checkpoint per pull. So the checkpoint never runs ahead of the sinks, an idle or finished
/// (read-only) shard's end cursor is saved, and a restart resumes where the sinks were.
/// Every failure after the start is retried with a growing, capped pause and logged once per change of cause; an
/// expired cursor restarts at the configured position (each time, as Alibaba's library does); a LogGroup list whose
/// structure stays undecodable after three reads is skipped from the damage on, logged and counted (a damaged group
/// inside a sound list is the handler's to skip). Only losing the shard (rebalance) ends the loop early.
/// </summary>
internal sealed class ShardConsumer
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly TimeSpan FinalDrainTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CheckpointTick = TimeSpan.FromMilliseconds(200);
    private static readonly Func<bool> Nothing = () => true;
    private const int CorruptAttempts = 3;
    private readonly LogHubClient _client;
    private readonly ConsumerGroupOptions _options;
    private readonly IShardBatchHandler _handler;
    private readonly CancellationTokenSource _stop;
    private readonly CancellationTokenSource _readerDone = new();
    private readonly Lock _gate = new();
    private readonly Queue<(string Cursor, Func<bool> Stored)> _pending = new();
    private readonly SemaphoreSlim _queued = new(0, 1);
    private readonly FaultLog _readFaults;
    private readonly FaultLog _saveFaults;
    private string? _storedCursor;
    private string? _lastQueued;
    private string? _savedCursor;
    private DateTime _lastSave = DateTime.MinValue;
    private double _saveTokens;
    private DateTime _tokensAt = DateTime.UtcNow;
    private volatile bool _lost;

    public ShardConsumer(int shard, LogHubClient client, ConsumerGroupOptions options, IShardBatchHandler handler, CancellationToken stopping)
    {
        Shard = shard;
        _client = client;
        _options = options;
        _handler = handler;
        _readFaults = new FaultLog(Log, $"LogHub shard {shard}");
        _saveFaults = new FaultLog(Log, $"LogHub shard {shard} checkpoint");
        _saveTokens = Math.Max(1, options.CheckpointBurst);
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
        var saver = Task.Run(CheckpointLoopAsync, CancellationToken.None);
        try
        {
            var cursor = await StartCursorAsync().ConfigureAwait(false);
            if (cursor is not null)
            {
                await ReadAsync(cursor).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping or released: fall through to the final checkpoint.
        }
        catch (LogHubException ex) when (ex.Kind == LogHubErrorKind.ShardLost)
        {
            Log.Info("LogHub shard {Shard} now belongs to another consumer: {Reason}", Shard, ex.Message);
            _lost = true;
        }
        await _readerDone.CancelAsync().ConfigureAwait(false);
        await saver.ConfigureAwait(false);
        if (!_lost)
        {
            await SaveFinalCheckpointAsync().ConfigureAwait(false);
        }
        _readerDone.Dispose();
        _queued.Dispose();
    }

    private async Task ReadAsync(string cursor)
    {
        var emptyPulls = 0;
        var failures = 0;
        var corrupt = 0;
        var sizer = new PullSizer(_options.PullCount, _options.MaxPullBytes);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                PulledLogs pulled;
                var pullStarted = DateTime.UtcNow;
                var asked = sizer.Count;
                bool full;
                try
                {
                    pulled = await _client.PullLogsAsync(Shard, cursor, asked, _stop.Token, _options.Query).ConfigureAwait(false);
                }
                catch (LogHubException ex) when (ex.Kind == LogHubErrorKind.InvalidCursor)
                {
                    _handler.ReportFailedCall();
                    _readFaults.Failed(ex, $"the cursor expired; reading restarts at '{_options.PositionText}'");
                    cursor = await _client.GetCursorAsync(Shard, _options.PositionText, _stop.Token).ConfigureAwait(false);
                    Enqueue(cursor, Nothing);
                    continue;
                }
                failures = 0;
                using (pulled)
                {
                    var moved = pulled.NextCursor != cursor;
                    // Paced by what the service read (before an SPL filter), not by what it sent.
                    full = sizer.Observe(asked, pulled, moved);
                    if (pulled.GroupCount == 0 || pulled.Length == 0)
                    {
                        _readFaults.Succeeded("reading");
                        cursor = pulled.NextCursor;
                        // Nothing to store: the position is saved once what came before it is (a finished shard's end cursor included).
                        Enqueue(cursor, Nothing);
                        if (!moved)
                        {
                            await Task.Delay(_options.IdlePause(++emptyPulls), _stop.Token).ConfigureAwait(false);
                            continue;
                        }
                        // A query filtered the whole pull out: paced like any other pull below.
                        emptyPulls = 0;
                    }
                    else
                    {
                        emptyPulls = 0;
                        Func<bool>? stored;
                        try
                        {
                            stored = await _handler.HandleAsync(Shard, pulled, _stop.Token).ConfigureAwait(false);
                        }
                        catch (CorruptPullException ex)
                        {
                            // The logs before the damage were handed on: the position stays before this pull until they are stored.
                            Enqueue(cursor, ex.Stored);
                            if (++corrupt < CorruptAttempts)
                            {
                                _readFaults.Failed(ex, "the pull is read again");
                                await Task.Delay(TimeSpan.FromMilliseconds(200 * corrupt), _stop.Token).ConfigureAwait(false);
                                continue;
                            }
                            corrupt = 0;
                            _handler.ReportSkippedList();
                            Log.Error("LogHub shard {Shard}: skipping a LogGroup list that does not decode ({Groups} log groups at cursor {Cursor}, read {Attempts} times): {Reason}",
                                Shard, pulled.GroupCount, cursor, CorruptAttempts, ex.Message);
                            cursor = pulled.NextCursor;
                            Enqueue(cursor, ex.Stored);
                            continue;
                        }
                        if (stored is null)
                        {
                            return;
                        }
                        _readFaults.Succeeded("reading");
                        corrupt = 0;
                        cursor = pulled.NextCursor;
                        Enqueue(cursor, stored);
                    }
                }
                if (!full)
                {
                    // Not catching up: the next pull gathers PullInterval's worth (one checkpoint per pull), its buffer returned meanwhile.
                    var wait = _options.PullInterval - (DateTime.UtcNow - pullStarted);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, _stop.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (LogHubException ex) when (ex.Kind != LogHubErrorKind.ShardLost && !_stop.IsCancellationRequested)
            {
                _handler.ReportFailedCall();
                await PauseAfterFailureAsync(++failures, ex).ConfigureAwait(false);
            }
        }
    }

    private void Enqueue(string cursor, Func<bool> stored)
    {
        if (cursor == _lastQueued)
        {
            return;
        }
        _lastQueued = cursor;
        lock (_gate)
        {
            _pending.Enqueue((cursor, stored));
        }
        if (_queued.CurrentCount == 0)
        {
            _queued.Release();
        }
    }

    /// <summary>
    /// Saves the newest stored position as soon as it is stored, at most once per interval, until reading ends. It
    /// sleeps until a save is allowed again, and while nothing is left to save until the reader queues a position, so
    /// a shard costs a few wake-ups per checkpoint instead of one per tick.
    /// </summary>
    private async Task CheckpointLoopAsync()
    {
        try
        {
            while (!_readerDone.IsCancellationRequested)
            {
                if (NothingToSave())
                {
                    await _queued.WaitAsync(_readerDone.Token).ConfigureAwait(false);
                    continue;
                }
                var wait = UntilSaveAllowed();
                await Task.Delay(wait > CheckpointTick ? wait : CheckpointTick, _readerDone.Token).ConfigureAwait(false);
                if (DateTime.UtcNow - _lastSave < _options.CheckpointInterval || !SaveAllowed())
                {
                    continue;
                }
                if (!await SaveStoredAsync(_stop.Token).ConfigureAwait(false))
                {
                    _lost = true;
                    _stop.Cancel();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Reading ended (or stopping): the final checkpoint follows.
        }
    }

    /// <summary>True when every queued position is stored and the newest of them is saved.</summary>
    private bool NothingToSave()
    {
        lock (_gate)
        {
            return _pending.Count == 0 && _storedCursor == _savedCursor;
        }
    }

    /// <summary>How long until both the interval since the last save and the token bucket allow the next one.</summary>
    private TimeSpan UntilSaveAllowed()
    {
        var now = DateTime.UtcNow;
        var wait = _lastSave + _options.CheckpointInterval - now;
        var burst = Math.Max(1, _options.CheckpointBurst);
        var tokens = Math.Min(burst, _saveTokens + ((now - _tokensAt) / _options.CheckpointSpacing));
        if (tokens < 1)
        {
            var refill = (1 - tokens) * _options.CheckpointSpacing;
            if (refill > wait)
            {
                wait = refill;
            }
        }
        return wait;
    }

    /// <summary>
    /// A token bucket: <see cref="ConsumerGroupOptions.CheckpointBurst"/> saves may follow each other at the least
    /// interval (the catch-up after a start, when a crash would re-read the most), then one per spacing.
    /// </summary>
    private bool SaveAllowed()
    {
        var now = DateTime.UtcNow;
        var burst = Math.Max(1, _options.CheckpointBurst);
        if (_saveTokens < burst)
        {
            _saveTokens = Math.Min(burst, _saveTokens + ((now - _tokensAt) / _options.CheckpointSpacing));
        }
        _tokensAt = now;
        return _saveTokens >= 1;
    }

    /// <summary>On the way out: lets the sinks finish what was handed on (bounded), then saves the last stored position.</summary>
    private async Task SaveFinalCheckpointAsync()
    {
        var deadline = DateTime.UtcNow + FinalDrainTimeout;
        int left;
        while ((left = DropStored()) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
        }
        if (left > 0)
        {
            Log.Warn("LogHub shard {Shard}: {Count} pulls were not stored downstream within {Timeout} s; they will be read again", Shard, left, FinalDrainTimeout.TotalSeconds);
        }
        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await SaveStoredAsync(last.Token).ConfigureAwait(false);
    }

    /// <summary>Moves past the positions whose logs are stored downstream (they complete in order).</summary>
    /// <returns>How many positions still wait.</returns>
    private int DropStored()
    {
        lock (_gate)
        {
            while (_pending.TryPeek(out var head) && head.Stored())
            {
                _storedCursor = head.Cursor;
                _pending.Dequeue();
            }
            return _pending.Count;
        }
    }

    /// <returns>False when the shard is no longer this consumer's.</returns>
    private async Task<bool> SaveStoredAsync(CancellationToken ct)
    {
        DropStored();
        string? cursor;
        lock (_gate)
        {
            cursor = _storedCursor;
        }
        if (cursor is null || cursor == _savedCursor)
        {
            return true;
        }
        _lastSave = DateTime.UtcNow;
        _saveTokens = Math.Max(0, _saveTokens - 1);
        try
        {
            await _client.UpdateCheckpointAsync(_options.Group, _options.Consumer, Shard, cursor, ct).ConfigureAwait(false);
            _savedCursor = cursor;
            _saveFaults.Succeeded("saving the checkpoint");
            return true;
        }
        catch (LogHubException ex) when (ex.Kind == LogHubErrorKind.ShardLost)
        {
            Log.Info("LogHub shard {Shard} now belongs to another consumer; what was read since its last checkpoint will be read again there: {Reason}", Shard, ex.Message);
            return false;
        }
        catch (LogHubException ex)
        {
            // The next save supersedes this one; a crash before then re-reads at most what came since the last saved one.
            _handler.ReportFailedCall();
            _saveFaults.Failed(ex, "retried with the next position");
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Log.Warn("LogHub shard {Shard}: the last checkpoint was not saved in time; what was read since the previous one will be read again", Shard);
            return true;
        }
    }

    /// <returns>The position to read from; null when stopping.</returns>
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
                        _lastQueued = checkpoint.Cursor;
                        Log.Info("LogHub shard {Shard}: resuming consumer group '{Group}' at its checkpoint", Shard, _options.GroupDisplay);
                        return checkpoint.Cursor;
                    }
                }
                var cursor = await _client.GetCursorAsync(Shard, _options.PositionText, _stop.Token).ConfigureAwait(false);
                Log.Info("LogHub shard {Shard}: no checkpoint in consumer group '{Group}'; starting at '{Position}'", Shard, _options.GroupDisplay, _options.PositionText);
                // Saved at once, so a restart resumes here even if the shard gets no data before it (position end).
                Enqueue(cursor, Nothing);
                return cursor;
            }
            catch (LogHubException ex) when (ex.Kind != LogHubErrorKind.ShardLost && !_stop.IsCancellationRequested)
            {
                _handler.ReportFailedCall();
                await PauseAfterFailureAsync(failures, ex).ConfigureAwait(false);
            }
        }
    }

    private async Task PauseAfterFailureAsync(int failures, LogHubException ex)
    {
        var pause = TimeSpan.FromMilliseconds(Math.Min(_options.MaxRetryPause.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(failures - 1, 10))));
        _readFaults.Failed(ex, ex.Kind == LogHubErrorKind.Throttled
            ? "throttled; reading retries with a growing pause"
            : "reading retries with a growing pause (up to " + (int)_options.MaxRetryPause.TotalSeconds + " s) until it works");
        await Task.Delay(pause, _stop.Token).ConfigureAwait(false);
    }
}
