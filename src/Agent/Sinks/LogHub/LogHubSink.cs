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
/// cannot read is dropped with an ERROR and counted, as in the plug-in.
/// </summary>
internal sealed class LogHubSink : ISink, IMeteredSink
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly LogHubSinkOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<FlumeNet.Agent.LogHub.Protocol.Log> _logs = [];
    private LogHubClient? _client;

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
        _client = new LogHubClient(endpoint, _options.Logstore, _options.Credentials, _options.UserAgent);
        Counter.Start();
        Log.Info("Sink '{Sink}' writes to {Target} with {Credentials}", Name, _client, _options.Credentials);
    }

    public void Stop()
    {
        _stopping.Cancel();
        Interlocked.Exchange(ref _client, null)?.Dispose();
        Counter.Stop();
    }

    public ProcessStatus Process()
    {
        var client = _client ?? throw new InvalidOperationException($"sink '{Name}' is not started");
        using var tx = Channel.BeginTransaction();
        _logs.Clear();
        var taken = 0;
        var now = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        try
        {
            while (taken < _options.BatchSize && tx.Take() is { } e)
            {
                taken++;
                try
                {
                    _logs.Add(_options.Serializer.Serialize(e, now));
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
            SendAllAsync(client).GetAwaiter().GetResult();
            tx.Commit();
            Counter.AddDrainSuccesses(taken);
            return ProcessStatus.Ready;
        }
        catch (Exception ex) when (ex is LogHubException or OperationCanceledException)
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
                await SendWithRetriesAsync(client, groups[i]).ConfigureAwait(false);
            }
        }
        var workers = new Task[Math.Min(_options.Concurrency, groups.Count)];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = WorkerAsync();
        }
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    /// <summary>LogGroups of at most bufferBytes each (a single larger log goes alone), topic "" and this host as source.</summary>
    private List<byte[]> Pack()
    {
        var groups = new List<byte[]>();
        var current = NewGroup();
        var size = 0;
        foreach (var log in _logs)
        {
            var logSize = log.CalculateSize() + 5;
            if (size > 0 && size + logSize > _options.BufferBytes)
            {
                groups.Add(current.ToByteArray());
                current = NewGroup();
                size = 0;
            }
            current.Logs.Add(log);
            size += logSize;
        }
        if (current.Logs.Count > 0)
        {
            groups.Add(current.ToByteArray());
        }
        return groups;
    }

    private LogGroup NewGroup() => new() { Topic = "", Source = _options.SourceAddress };

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
            catch (LogHubException ex) when (!_stopping.IsCancellationRequested
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
