using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Net;

namespace FlumeNet.Agent.Sources.Avro;

/// <summary>
/// Flume's <c>avro</c> source (reference §1.7): an Avro RPC server for <c>AvroSourceProtocol</c>. <c>appendBatch</c>
/// puts the whole array in one transaction per channel and answers OK only after the channels committed it; any
/// failure answers FAILED, so the client retries. <c>append</c> answers FAILED for a channel failure and an Avro
/// error for anything else. Headers and bodies are kept exactly as received.
/// </summary>
public sealed class AvroSource : RpcSource, IAvroFlumeHandler
{
    private readonly AvroSourceOptions _options;

    public AvroSource(string name, AvroSourceOptions options, ChannelProcessor processor)
        : base(name, processor) => _options = options;

    protected override string BindText => _options.Bind;

    protected override string ProtocolText => $"Avro RPC{(_options.Deflate ? ", deflate" : "")}{(_options.Tls is null ? "" : ", TLS")}";

    protected override IListeningServer CreateServer(Action<int> connectionsChanged) =>
        new AvroRpcServer($"avro source '{Name}'", new AvroRpcServerOptions(_options.Address, _options.Port)
        {
            Deflate = _options.Deflate,
            Tls = _options.Tls,
            IpFilter = _options.IpFilter,
            ConnectionsChanged = connectionsChanged,
        }, this);

    AvroStatus IAvroFlumeHandler.Append(FlumeEvent e) => Put([e], batch: false, anyFailureRefuses: false) ? AvroStatus.Ok : AvroStatus.Failed;

    AvroStatus IAvroFlumeHandler.AppendBatch(List<FlumeEvent> events) => Put(events, batch: true, anyFailureRefuses: true) ? AvroStatus.Ok : AvroStatus.Failed;
}
