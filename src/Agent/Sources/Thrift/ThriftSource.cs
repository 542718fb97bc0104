using System.Net;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using FlumeNet.Agent.ThriftRpc;
using NLog;

namespace FlumeNet.Agent.Sources.Thrift;

/// <summary>The thrift source's validated options (reference §2.3). <c>Binary</c> follows T5: only exactly <c>binary</c>.</summary>
public sealed record ThriftSourceOptions(string Bind, IPAddress Address, int Port, bool Binary, TlsServerSettings? Tls);

/// <summary>
/// Flume's <c>thrift</c> source (reference §2.3): framed transport, compact (default) or binary protocol. A batch is one
/// transaction per channel; OK only after the channels committed it, FAILED when a channel refused it, any other
/// failure a TApplicationException. Headers and bodies are kept as received.
/// </summary>
public sealed class ThriftSource : IEventDrivenSource, IMeteredSource, IThriftFlumeHandler
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly ThriftSourceOptions _options;
    private readonly ChannelProcessor _processor;
    private readonly object _processorLock = new();
    private ThriftRpcServer? _server;
    private string? _lastFailure;

    public ThriftSource(string name, ThriftSourceOptions options, ChannelProcessor processor)
    {
        Name = name;
        _options = options;
        _processor = processor;
        Counter = new SourceCounter(name);
    }

    public string Name { get; }

    public SourceCounter Counter { get; }

    public int BoundPort => _server?.BoundPort ?? 0;

    public void Start()
    {
        Counter.Start();
        var server = new ThriftRpcServer($"thrift source '{Name}'", new ThriftRpcServerOptions(_options.Address, _options.Port)
        {
            Binary = _options.Binary,
            Tls = _options.Tls,
            ConnectionsChanged = delta => Counter.AddOpenConnections(delta),
        }, this);
        server.Start();
        _server = server;
        Log.Info("Source '{Source}' listening on {Bind}:{Port} (thrift, {Protocol} protocol{Tls})", Name, _options.Bind, BoundPort,
            _options.Binary ? "binary" : "compact", _options.Tls is null ? "" : ", TLS");
    }

    public void Stop()
    {
        _server?.Stop(TimeSpan.FromSeconds(5));
        _server = null;
        Counter.Stop();
        Log.Info("Source '{Source}' stopped", Name);
    }

    ThriftStatus IThriftFlumeHandler.Append(List<FlumeEvent> events, bool batch)
    {
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
        catch (ChannelException ex)
        {
            Counter.IncrementChannelWriteFail();
            if (ex.Message != Volatile.Read(ref _lastFailure))
            {
                _lastFailure = ex.Message;
                Log.Warn("Source '{Source}': the channels refused {Count} events; the client was answered FAILED and will retry: {Reason}", Name, count, ex.Message);
            }
            return ThriftStatus.Failed;
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
        return ThriftStatus.Ok;
    }
}
