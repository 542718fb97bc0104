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
internal sealed class LogHubSource : IEventDrivenSource, IMeteredSource, IShardBatchHandler, IReplayableSource
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    // Bounded so an unreachable endpoint fails the start quickly; the topology retries it every 3 s.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private readonly LogHubSourceOptions _options;
    private readonly SemaphoreSlim _delivery = new(1, 1);
    private readonly LogRecord _record = new();
    private readonly LogEventBuilder _builder;
    private readonly LogHubChannelWriter _writer;
    private LogHubClient? _client;
    private ConsumerGroupWorker? _worker;

    public LogHubSource(string name, LogHubSourceOptions options, ChannelProcessor processor)
    {
        Name = name;
        _options = options;
        _builder = new LogEventBuilder(options.BodyFormat, options.UseRecordTime, shareHeaders: !processor.HasInterceptors);
        Counter = new SourceCounter(name);
        _writer = new LogHubChannelWriter(name, processor, Counter, options.BatchSize);
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
        var client = new LogHubClient(endpoint, _options.Logstore, _options.Credentials, _options.UserAgent)
        {
            RequestTimeout = _options.RequestTimeout,
            Display = LogHubDisplay.Of(endpoint, _options.Logstore, _options.Hidden.Endpoint, _options.Hidden.Project, _options.Hidden.Logstore),
        };
        var worker = new ConsumerGroupWorker(client, _options.ConsumerGroup, this);
        try
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            worker.StartAsync(timeout.Token).GetAwaiter().GetResult();
        }
        catch (LogHubException ex) when (ex.Kind is LogHubErrorKind.Fatal or LogHubErrorKind.Rejected)
        {
            client.Dispose();
            throw new PermanentStartException($"LogHub source '{Name}' cannot join consumer group '{_options.ConsumerGroup.GroupDisplay}' of {client} with {_options.CredentialsDisplay}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is LogHubException or OperationCanceledException)
        {
            client.Dispose();
            throw new IOException($"LogHub source '{Name}' cannot reach {client}: {ex.Message}", ex);
        }
        _client = client;
        _worker = worker;
        Counter.Start();
        Log.Info("Source '{Source}' reads {Target} as consumer '{Consumer}' of group '{Group}'{Filter}",
            Name, client, _options.ConsumerGroup.Consumer, _options.ConsumerGroup.GroupDisplay,
            _options.ConsumerGroup.Query is { } query ? " with the SPL query " + query : "");
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
            _writer.BeginPull();
            _builder.Begin(_writer.Pending, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var position = 0;
            var groups = 0;
            while (true)
            {
                int start, end;
                try
                {
                    if (!LogGroupListDecoder.TryNextGroup(logs.Buffer, logs.Length, ref position, out start, out end))
                    {
                        break;
                    }
                }
                catch (InvalidDataException ex)
                {
                    // The list itself is damaged: the groups before go on; the consumer reads the pull again, or skips the rest.
                    if (!await _writer.WriteAsync(shard, flushAll: true, stopping).ConfigureAwait(false))
                    {
                        return null;
                    }
                    throw new CorruptPullException($"the LogGroup list does not decode after {groups} of {logs.GroupCount} log groups (byte {position}): {ex.Message}", ex, _writer.StoredCheck());
                }
                var before = _writer.Pending.Count;
                try
                {
                    LogGroupListDecoder.DecodeGroup(logs.Buffer, start, end, _record, _builder);
                }
                catch (InvalidDataException ex)
                {
                    // One damaged group: its logs cannot be read, the others can. Data lost, so an ERROR each, and counted.
                    _writer.Pending.RemoveRange(before, _writer.Pending.Count - before);
                    Counter.IncrementEventReadFail();
                    Log.Error("Source '{Source}' skips log group {Group} of {Groups} of shard {Shard} (pulled at cursor {Cursor}): it does not decode: {Reason}",
                        Name, groups + 1, logs.GroupCount, shard, logs.Cursor, ex.Message);
                    groups++;
                    continue;
                }
                groups++;
                if (!await _writer.WriteAsync(shard, flushAll: false, stopping).ConfigureAwait(false))
                {
                    return null;
                }
            }
            if (!await _writer.WriteAsync(shard, flushAll: true, stopping).ConfigureAwait(false))
            {
                return null;
            }
            Counter.IncrementAppendBatchReceived();
            Counter.IncrementAppendBatchAccepted();
            return _writer.StoredCheck();
        }
        finally
        {
            _writer.BeginPull();
            _delivery.Release();
        }
    }

    public void ReportFailedCall() => Counter.IncrementGenericProcessingFail();

    public void ReportSkippedList() => Counter.IncrementEventReadFail();
}
