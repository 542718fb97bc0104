using FlumeNet.Agent.Core;
using FlumeNet.Agent.LogHub;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sources.LogHub;

/// <summary>
/// Reads a LogHub logstore as one consumer of a consumer group (EMR's <c>LogHubSource</c> and aliyun-log-flume's
/// <c>LoghubSource</c>): every log becomes an event, written to the channels in transactions of at most
/// <c>batchSize</c> events, and a shard's checkpoint moves past a pull only once its sinks have taken and committed
/// all its events (so a crash never skips logs that were only in a memory channel). A full
/// channel makes the shard wait and retry (nothing is dropped, unlike the plug-in after <c>maxRetry</c>); stopping
/// mid-pull leaves the checkpoint before it, so those logs are read again on the next start (at-least-once).
/// </summary>
internal sealed class LogHubSource : IEventDrivenSource, IMeteredSource, IShardBatchHandler
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly LogHubSourceOptions _options;
    private readonly ChannelProcessor _processor;
    private readonly SemaphoreSlim _delivery = new(1, 1);
    private readonly LogRecord _record = new();
    private readonly LogEventBuilder _builder;
    private readonly List<FlumeEvent> _events = [];
    private readonly List<FlumeEvent> _chunk = [];
    private LogHubClient? _client;
    private ConsumerGroupWorker? _worker;

    public LogHubSource(string name, LogHubSourceOptions options, ChannelProcessor processor)
    {
        Name = name;
        _options = options;
        _processor = processor;
        _builder = new LogEventBuilder(options.BodyFormat, options.UseRecordTime);
        Counter = new SourceCounter(name);
    }

    public string Name { get; }

    public SourceCounter Counter { get; }

    public void Start()
    {
        LogHubEndpoint endpoint;
        try
        {
            endpoint = LogHubEndpoint.Parse(_options.Endpoint, _options.Project);
        }
        catch (FormatException ex)
        {
            throw new PermanentStartException($"LogHub source '{Name}': {ex.Message}", ex);
        }
        var client = new LogHubClient(endpoint, _options.Logstore, _options.Credentials, _options.UserAgent);
        var worker = new ConsumerGroupWorker(client, _options.ConsumerGroup, this);
        try
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            worker.StartAsync(timeout.Token).GetAwaiter().GetResult();
        }
        catch (LogHubException ex) when (ex.Kind is LogHubErrorKind.Fatal or LogHubErrorKind.Rejected)
        {
            client.Dispose();
            throw new PermanentStartException($"LogHub source '{Name}' cannot join consumer group '{_options.ConsumerGroup.Group}' of {client} with {_options.Credentials}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is LogHubException or OperationCanceledException)
        {
            client.Dispose();
            throw new IOException($"LogHub source '{Name}' cannot reach {client}: {ex.Message}", ex);
        }
        _client = client;
        _worker = worker;
        Counter.Start();
        Log.Info("Source '{Source}' reads {Target} as consumer '{Consumer}' of group '{Group}'",
            Name, client, _options.ConsumerGroup.Consumer, _options.ConsumerGroup.Group);
    }

    public void Stop()
    {
        // Stop may be called twice (stop, then dispose of the topology): only the first does anything.
        var worker = Interlocked.Exchange(ref _worker, null);
        if (worker is null)
        {
            return;
        }
        worker.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _client?.Dispose();
        Counter.Stop();
        Log.Info("Source '{Source}' stopped", Name);
    }

    public async ValueTask<Func<bool>?> HandleAsync(int shard, PulledLogs logs, CancellationToken stopping)
    {
        try
        {
            await _delivery.WaitAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        try
        {
            // Decoded a LogGroup at a time and written as soon as a transaction's worth is ready, so a large pull never
            // holds all its events at once (they would all outlive the young GC generation).
            _events.Clear();
            _builder.Begin(_events, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var max = Math.Max(1, Math.Min(_options.BatchSize, _processor.MaxBatchSize));
            List<IChannel>? channels = null;
            var position = 0;
            while (LogGroupListDecoder.TryNextGroup(logs.Buffer, logs.Length, ref position, out var start, out var end))
            {
                LogGroupListDecoder.DecodeGroup(logs.Buffer, start, end, _record, _builder);
                if (_events.Count >= max)
                {
                    channels ??= ChannelsOf(_events);
                    if (!await DeliverChunksAsync(shard, max, flushAll: false, stopping).ConfigureAwait(false))
                    {
                        return null;
                    }
                }
            }
            channels ??= ChannelsOf(_events);
            if (!await DeliverChunksAsync(shard, max, flushAll: true, stopping).ConfigureAwait(false))
            {
                return null;
            }
            Counter.IncrementAppendBatchReceived();
            Counter.IncrementAppendBatchAccepted();
            return StoredCheck(channels);
        }
        finally
        {
            _events.Clear();
            _chunk.Clear();
            _delivery.Release();
        }
    }

    /// <summary>Writes full transactions from the decoded events (and the partial rest with <paramref name="flushAll"/>); keeps the rest.</summary>
    private async ValueTask<bool> DeliverChunksAsync(int shard, int max, bool flushAll, CancellationToken stopping)
    {
        var from = 0;
        while (_events.Count - from >= max || (flushAll && from < _events.Count))
        {
            _chunk.Clear();
            var to = Math.Min(from + max, _events.Count);
            for (var i = from; i < to; i++)
            {
                _chunk.Add(_events[i]);
            }
            if (!await DeliverAsync(shard, stopping).ConfigureAwait(false))
            {
                return false;
            }
            from = to;
        }
        _events.RemoveRange(0, from);
        return true;
    }

    /// <summary>
    /// The channels every event must reach (the selector's required ones): the pull counts as stored once their sinks
    /// have taken and committed everything put so far.
    /// </summary>
    private List<IChannel> ChannelsOf(List<FlumeEvent> events)
    {
        var selector = _processor.Selector;
        if (!selector.DependsOnEvent || events.Count == 0)
        {
            return [.. selector.RequiredChannels(events.Count > 0 ? events[0] : new FlumeEvent([]))];
        }
        var set = new HashSet<IChannel>(ReferenceEqualityComparer.Instance);
        foreach (var e in events)
        {
            set.UnionWith(selector.RequiredChannels(e));
        }
        return [.. set];
    }

    /// <summary>
    /// Reads each channel's committed-put count now (after this pull's commits); the pull is stored once each channel's
    /// committed-take count has caught up, because channels hand events out in the order they were put and a sink
    /// commits its take only after the destination accepted the events (HDFS: after hflush).
    /// </summary>
    private static Func<bool> StoredCheck(List<IChannel> channels)
    {
        var marks = new long[channels.Count];
        for (var i = 0; i < channels.Count; i++)
        {
            marks[i] = channels[i].Counter.EventPutSuccessCount;
        }
        return () =>
        {
            for (var i = 0; i < marks.Length; i++)
            {
                if (channels[i].Counter.EventTakeSuccessCount < marks[i])
                {
                    return false;
                }
            }
            return true;
        };
    }

    private async ValueTask<bool> DeliverAsync(int shard, CancellationToken stopping)
    {
        var count = _chunk.Count;
        Counter.AddEventsReceived(count);
        var delay = TimeSpan.FromMilliseconds(100);
        var attempt = new List<FlumeEvent>(count);
        for (var tries = 1; ; tries++)
        {
            // Interceptors edit the list in place, so each attempt starts from the events as built.
            attempt.Clear();
            attempt.AddRange(_chunk);
            try
            {
                _processor.ProcessBatch(attempt);
                Counter.AddEventsAccepted(count);
                return true;
            }
            catch (ChannelException ex)
            {
                Counter.IncrementChannelWriteFail();
                if (stopping.IsCancellationRequested)
                {
                    Log.Warn("Source '{Source}' is stopping: {Count} events of shard {Shard} were not stored and will be read again from LogHub", Name, count, shard);
                    return false;
                }
                if (tries == 1 || tries % 20 == 0)
                {
                    Log.Warn("Source '{Source}': the channel refused {Count} events of shard {Shard} (attempt {Attempt}); reading waits and retries: {Reason}",
                        Name, count, shard, tries, ex.Message);
                }
                try
                {
                    await Task.Delay(delay, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // One last attempt follows.
                }
                delay = delay * 2 > TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : delay * 2;
            }
        }
    }
}
