using System.Net;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Net;
using FlumeNet.Agent.Sources.Avro;
using FlumeNet.Agent.ThriftRpc;

namespace FlumeNet.Agent.Sources.Thrift;

/// <summary>The thrift source's validated options (reference §2.3). <c>Binary</c> follows T5: only exactly <c>binary</c>.</summary>
public sealed record ThriftSourceOptions(string Bind, IPAddress Address, int Port, bool Binary, TlsServerSettings? Tls);

/// <summary>
/// Flume's <c>thrift</c> source (reference §2.3): framed transport, compact (default) or binary protocol. A batch is one
/// transaction per channel; OK only after the channels committed it, FAILED when a channel refused it, any other
/// failure a TApplicationException. Headers and bodies are kept as received.
/// </summary>
public sealed class ThriftSource : RpcSource, IThriftFlumeHandler
{
    private readonly ThriftSourceOptions _options;

    public ThriftSource(string name, ThriftSourceOptions options, ChannelProcessor processor)
        : base(name, processor) => _options = options;

    protected override string BindText => _options.Bind;

    protected override string ProtocolText => $"thrift, {(_options.Binary ? "binary" : "compact")} protocol{(_options.Tls is null ? "" : ", TLS")}";

    protected override IListeningServer CreateServer(Action<int> connectionsChanged) =>
        new ThriftRpcServer($"thrift source '{Name}'", new ThriftRpcServerOptions(_options.Address, _options.Port)
        {
            Binary = _options.Binary,
            Tls = _options.Tls,
            ConnectionsChanged = connectionsChanged,
        }, this);

    ThriftStatus IThriftFlumeHandler.Append(List<FlumeEvent> events, bool batch) =>
        Put(events, batch, anyFailureRefuses: false) ? ThriftStatus.Ok : ThriftStatus.Failed;
}
