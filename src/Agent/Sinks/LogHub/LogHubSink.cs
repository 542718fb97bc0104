using FlumeNet.Agent.Core;
using FlumeNet.Agent.LogHub;
using FlumeNet.Agent.LogHub.Protocol;
using FlumeNet.Agent.Monitoring;
using Google.Protobuf;
using NLog;

namespace FlumeNet.Agent.Sinks.LogHub;

/// <summary>
/// aliyun-log-flume's <c>LoghubSink</c> (reference §8.2): takes up to <c>batchSize</c> events per transaction, turns
/// each into a log, packs them into LogGroups of at most <c>bufferBytes</c> and sends them with PutLogs (LZ4, load-
/// balanced over the shards), <c>concurrency</c> requests at a time. The transaction commits only when every request
/// succeeded. Throttling, 5xx and network errors are retried with a doubling pause (100 ms to 3 s) while the sink
/// runs; other errors up to <c>maxRetry</c> attempts, then the transaction rolls back. An event the serializer
/// cannot read, or one too large for any PutLogs request (the service refuses bodies over 10 MB: a log that large is
/// not sent, and a LogGroup the service calls too large is split until the offending log stands alone), is dropped
/// with an ERROR naming its size and counted (<c>EventWriteFail</c>), as in the plug-in; the rest of the batch lands.
/// <see cref="Stop"/> ends every retry and request at once, whatever the endpoint does.
/// </summary>
internal sealed class LogHubSink : ISink, IMeteredSink
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly LogHubSinkOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    /// <summary>The service's limit on a PutLogs body before compression (the Java SDK refuses larger ones itself).</summary>
    internal const int MaxRawBodyBytes = 10 * 1024 * 1024;
    private readonly List<FlumeNet.Agent.LogHub.Protocol.Log> _logs = [];
    private readonly Lock _lifecycle = new();
    private LogHubClient? _client;
    private bool _processing;
    private int _dropped;

    public LogHubSink(string name, IChannel channel, LogHubSinkOptions options)
    {
        Name = name;
        Channel = channel;
        _options = options;
        Counter = new SinkCounter(name);
    }

    public string Name { get; }

    public IChannel Channel { get; }

    public SinkCounter Counter { get; }

    public void Start()
    {
        LogHubEndpoint endpoint;
        try
        {
            endpoint = LogHubEndpoint.Parse(_options.Endpoint, _options.Project);
        }
        catch (FormatException ex)
        {
            throw new PermanentStartException($"LogHub sink '{Name}': {ex.Message}", ex);
        }
        _client = new LogHubClient(endpoint, _options.Logstore, _options.Credentials, _options.UserAgent)
        {
            RequestTimeout = _options.RequestTimeout,
            Display = LogHubDisplay.Of(endpoint, _options.Logstore, _options.Hidden.Endpoint, _options.Hidden.Project, _options.Hidden.Logstore),
        };
        Counter.Start();
        Log.Info("Sink '{Sink}' writes to {Target} with {Credentials}", Name, _client,
            _options.Hidden.AccessKeyId ? "AccessKeyId *** (secret ***)" : _options.Credentials.ToString());
    }

    /// <summary>Ends retries and requests in flight at once (the batch rolls back and stays in the channel); safe while <see cref="Process"/> runs.</summary>
    public void Stop()
    {
        _stopping.Cancel();
        LogHubClient? client;
        lock (_lifecycle)
        {
            client = _client;
            _client = null;
            if (_processing)
            {
                // Process disposes it on its way out.
                client = null;
            }
        }
        client?.Dispose();
        Counter.Stop();
    }

    public ProcessStatus Process()
    {
        LogHubClient client;
        lock (_lifecycle)
        {
            if (_stopping.IsCancellationRequested)
            {
                return ProcessStatus.Backoff;
            }
            client = _client ?? throw new InvalidOperationException($"sink '{Name}' is not started");
            _processing = true;
        }
        try
        {
            return ProcessBatch(client);
        }
        finally
        {
            lock (_lifecycle)
            {
                _processing = false;
                if (_client is null)
                {
                    client.Dispose();
                }
            }
        }
    }

    private ProcessStatus ProcessBatch(LogHubClient client)
    {
        using var tx = Channel.BeginTransaction();
        _logs.Clear();
        _dropped = 0;
        var taken = 0;
        var now = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        // The plug-in takes batchSize whatever the channel: capped here, so a larger batchSize never fails the take.
        var max = Math.Max(1, Math.Min(_options.BatchSize, Channel.TransactionCapacity));
        try
        {
            while (taken < max && tx.Take() is { } e)
            {
                taken++;
                try
                {
                    var log = _options.Serializer.Serialize(e, now);
                    var size = log.CalculateSize();
                    if (size + GroupOverhead > MaxRawBodyBytes)
                    {
                        DropOversized(size);
                        continue;
                    }
                    _logs.Add(log);
                }
                catch (FormatException ex)
                {
                    Counter.IncrementEventWriteFail();
                    Log.Error("Sink '{Sink}' drops an event its serializer cannot read ({Reason}): {Event}", Name, ex.Message, EventDump.Format(e, 64));
                }
            }
            Counter.CountBatch(taken, _options.BatchSize);
            if (taken == 0)
            {
                tx.Commit();
                return ProcessStatus.Backoff;
            }
            Counter.AddDrainAttempts(taken);
            if (_logs.Count > 0)
            {
                SendAllAsync(client).GetAwaiter().GetResult();
            }
            tx.Commit();
            Counter.AddDrainSuccesses(taken - Volatile.Read(ref _dropped));
            return ProcessStatus.Ready;
        }
        catch (Exception ex) when (ex is LogHubException or OperationCanceledException or ObjectDisposedException)
        {
            tx.Rollback();
            Counter.IncrementConnectionFailed();
            throw new EventDeliveryException($"sink '{Name}' could not write {taken} events to {client}: {ex.Message}", ex);
        }
        finally
        {
            _logs.Clear();
        }
    }

    // Topic, source and the field keys of a LogGroup around one log, generously.
    private int GroupOverhead => 64 + _options.SourceAddress.Length;

    private void DropOversized(int size)
    {
        Interlocked.Increment(ref _dropped);
        Counter.IncrementEventWriteFail();
        Log.Error("Sink '{Sink}' drops an event of {Size} bytes as a log: larger than a PutLogs request may be (LogHub refuses bodies over {Limit} bytes)",
            Name, size, MaxRawBodyBytes);
    }

    private async Task SendAllAsync(LogHubClient client)
    {
        var groups = Pack();
        var next = -1;
        // `concurrency` workers share the LogGroups; each sends one at a time.
        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < groups.Count)
            {
                await SendAsync(client, groups[i].Start, groups[i].Count).ConfigureAwait(false);
            }
        }
        var workers = new Task[Math.Min(_options.Concurrency, groups.Count)];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = WorkerAsync();
        }
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    /// <summary>Ranges of the batch's logs of at most bufferBytes each (a single larger log goes alone).</summary>
    private List<(int Start, int Count)> Pack()
    {
        var groups = new List<(int, int)>();
        var start = 0;
        var size = 0;
        for (var i = 0; i < _logs.Count; i++)
        {
            var logSize = _logs[i].CalculateSize() + 5;
            if (size > 0 && size + logSize > _options.BufferBytes)
            {
                groups.Add((start, i - start));
                start = i;
                size = 0;
            }
            size += logSize;
        }
        groups.Add((start, _logs.Count - start));
        return groups;
    }

    /// <summary>Sends logs [start, start+count) as one LogGroup (topic "", this host as source); one the service finds too large is halved.</summary>
    private async Task SendAsync(LogHubClient client, int start, int count)
    {
        var group = new LogGroup { Topic = "", Source = _options.SourceAddress };
        for (var i = start; i < start + count; i++)
        {
            group.Logs.Add(_logs[i]);
        }
        try
        {
            await SendWithRetriesAsync(client, group.ToByteArray()).ConfigureAwait(false);
        }
        catch (LogHubException ex) when (ex.ErrorCode == "PostBodyTooLarge" && !_stopping.IsCancellationRequested)
        {
            if (count == 1)
            {
                Interlocked.Increment(ref _dropped);
                Counter.IncrementEventWriteFail();
                Log.Error("Sink '{Sink}' drops an event of {Size} bytes as a log: LogHub refuses it as too large: {Reason}", Name, _logs[start].CalculateSize(), ex.Message);
                return;
            }
            var half = count / 2;
            await SendAsync(client, start, half).ConfigureAwait(false);
            await SendAsync(client, start + half, count - half).ConfigureAwait(false);
        }
    }

    private async Task SendWithRetriesAsync(LogHubClient client, byte[] group)
    {
        var pause = new DoublingDelay(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(3));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.PutLogsAsync(group, _stopping.Token).ConfigureAwait(false);
                return;
            }
            catch (LogHubException ex) when (!_stopping.IsCancellationRequested && ex.ErrorCode != "PostBodyTooLarge"
                && (ex.Kind is LogHubErrorKind.Throttled or LogHubErrorKind.Transient || (ex.Kind == LogHubErrorKind.Rejected && attempt < _options.MaxRetry)))
            {
                if (attempt == 1 || attempt % 10 == 0)
                {
                    Log.Warn("Sink '{Sink}': PutLogs failed (attempt {Attempt}), retrying in {Pause} ms: {Reason}", Name, attempt, (int)pause.Current.TotalMilliseconds, ex.Message);
                }
                await Task.Delay(pause.Current, _stopping.Token).ConfigureAwait(false);
                pause.Advance();
            }
        }
    }
}
