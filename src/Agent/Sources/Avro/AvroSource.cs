using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sources.Avro;

/// <summary>
/// Flume's <c>avro</c> source (reference §1.7): an Avro RPC server for <c>AvroSourceProtocol</c>. <c>appendBatch</c>
/// puts the whole array in one transaction per channel and answers OK only after the channels committed it; any
/// failure answers FAILED, so the client retries. <c>append</c> answers FAILED for a channel failure and an Avro
/// error for anything else. Headers and bodies are kept exactly as received.
/// </summary>
public sealed class AvroSource : IEventDrivenSource, IMeteredSource, IAvroFlumeHandler
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly AvroSourceOptions _options;
    private readonly ChannelProcessor _processor;
    private readonly object _processorLock = new();
    private AvroRpcServer? _server;
    private string? _lastFailure;

    public AvroSource(string name, AvroSourceOptions options, ChannelProcessor processor)
    {
        Name = name;
        _options = options;
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
        var server = new AvroRpcServer($"avro source '{Name}'", new AvroRpcServerOptions(_options.Address, _options.Port)
        {
            Deflate = _options.Deflate,
            Tls = _options.Tls,
            IpFilter = _options.IpFilter,
            ConnectionsChanged = delta => Counter.AddOpenConnections(delta),
        }, this);
        server.Start();
        _server = server;
        Log.Info("Source '{Source}' listening on {Bind}:{Port} (Avro RPC{Deflate}{Tls})", Name, _options.Bind, BoundPort,
            _options.Deflate ? ", deflate" : "", _options.Tls is null ? "" : ", TLS");
    }

    public void Stop()
    {
        _server?.Stop(TimeSpan.FromSeconds(5));
        _server = null;
        Counter.Stop();
        Log.Info("Source '{Source}' stopped", Name);
    }

    AvroStatus IAvroFlumeHandler.Append(FlumeEvent e)
    {
        Counter.IncrementAppendReceived();
        Counter.AddEventsReceived(1);
        try
        {
            lock (_processorLock)
            {
                _processor.Process(e);
            }
        }
        catch (ChannelException ex)
        {
            Counter.IncrementChannelWriteFail();
            Refused(1, ex);
            return AvroStatus.Failed;
        }
        Counter.IncrementAppendAccepted();
        Counter.AddEventsAccepted(1);
        return AvroStatus.Ok;
    }

    AvroStatus IAvroFlumeHandler.AppendBatch(List<FlumeEvent> events)
    {
        var count = events.Count;
        Counter.IncrementAppendBatchReceived();
        Counter.AddEventsReceived(count);
        try
        {
            lock (_processorLock)
            {
                _processor.ProcessBatch(events);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (ex is ChannelException)
            {
                Counter.IncrementChannelWriteFail();
            }
            Refused(count, ex);
            return AvroStatus.Failed;
        }
        Counter.IncrementAppendBatchAccepted();
        Counter.AddEventsAccepted(count);
        _lastFailure = null;
        return AvroStatus.Ok;
    }

    // A full channel refuses batch after batch; say so once per cause, not once per request.
    private void Refused(int count, Exception ex)
    {
        var reason = ex.Message;
        if (reason != Volatile.Read(ref _lastFailure))
        {
            _lastFailure = reason;
            Log.Warn("Source '{Source}': the channels refused {Count} events; the client was answered FAILED and will retry: {Reason}", Name, count, reason);
        }
    }
}
