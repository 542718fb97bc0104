using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using FlumeNet.Agent.Net;
using NLog;

namespace FlumeNet.Agent.Sources.Avro;

/// <summary>
/// What the avro and thrift sources share: the server's lifecycle (bound inside <see cref="Start"/>, so a port clash
/// fails the start; stopped within 5 s) and the channel side of a request. <see cref="Put"/> is one put transaction per
/// channel for the whole request, counted as Flume's append/appendBatch counters; it returns only after the channels
/// committed, so the caller answers OK only then. A refusal is logged once per cause, not once per request.
/// </summary>
public abstract class RpcSource : IEventDrivenSource, IMeteredSource
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly ChannelProcessor _processor;
    private readonly object _processorLock = new();
    private IListeningServer? _server;
    private string? _lastFailure;

    protected RpcSource(string name, ChannelProcessor processor)
    {
        Name = name;
        _processor = processor;
        Counter = new SourceCounter(name);
    }

    public string Name { get; }

    public SourceCounter Counter { get; }

    /// <summary>The bound port (useful with port 0).</summary>
    public int BoundPort => _server?.BoundPort ?? 0;

    public void Start()
    {
        Counter.Start();
        var server = CreateServer(delta => Counter.AddOpenConnections(delta));
        server.Start();
        _server = server;
        Log.Info("Source '{Source}' listening on {Bind}:{Port} ({Protocol})", Name, BindText, BoundPort, ProtocolText);
    }

    public void Stop()
    {
        _server?.Stop(TimeSpan.FromSeconds(5));
        _server = null;
        Counter.Stop();
        Log.Info("Source '{Source}' stopped", Name);
    }

    /// <summary>The configured bind address, as logged.</summary>
    protected abstract string BindText { get; }

    /// <summary>How the source speaks, as logged ("Avro RPC, deflate").</summary>
    protected abstract string ProtocolText { get; }

    /// <summary>The server (not started) whose connections call <see cref="Put"/>.</summary>
    protected abstract IListeningServer CreateServer(Action<int> connectionsChanged);

    /// <summary>
    /// Puts one request's events; false when the channels refused them (a <see cref="ChannelException"/>, or with
    /// <paramref name="anyFailureRefuses"/> any failure), after counting and logging it. Other failures propagate.
    /// </summary>
    protected bool Put(List<FlumeEvent> events, bool batch, bool anyFailureRefuses)
    {
        ArgumentNullException.ThrowIfNull(events);
        var count = events.Count;
        if (batch)
        {
            Counter.IncrementAppendBatchReceived();
        }
        else
        {
            Counter.IncrementAppendReceived();
        }
        Counter.AddEventsReceived(count);
        try
        {
            lock (_processorLock)
            {
                _processor.ProcessBatch(events);
            }
        }
        catch (Exception ex) when (ex is ChannelException || (anyFailureRefuses && ex is not OutOfMemoryException))
        {
            if (ex is ChannelException)
            {
                Counter.IncrementChannelWriteFail();
            }
            var reason = ex.Message;
            if (reason != Volatile.Read(ref _lastFailure))
            {
                _lastFailure = reason;
                Log.Warn("Source '{Source}': the channels refused {Count} events; the client was answered FAILED and will retry: {Reason}", Name, count, reason);
            }
            return false;
        }
        if (batch)
        {
            Counter.IncrementAppendBatchAccepted();
        }
        else
        {
            Counter.IncrementAppendAccepted();
        }
        Counter.AddEventsAccepted(count);
        _lastFailure = null;
        return true;
    }
}
