using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Registry;
using FlumeNet.Agent.Sinks.Avro;

namespace FlumeNet.Agent.Sinks.Thrift;

/// <summary>
/// Builds Flume's <c>thrift</c> sink: <c>AbstractRpcSink</c> with <c>client.type = thrift</c> forced (reference §2.4);
/// <c>protocol</c> picks binary only when exactly <c>binary</c> (T5).
/// </summary>
public static class ThriftSinkBinding
{
    public static readonly ComponentFactory Factory = new() { Sink = Create };

    public static ISink Create(BoundOptions o, IChannel channel)
    {
        ArgumentNullException.ThrowIfNull(o);
        var properties = AvroSinkBinding.ClientProperties(o);
        properties["client.type"] = "thrift";
        var config = RpcClientConfig.From(properties, o.Name);
        return new RpcSink(o.Name, "thrift", channel, config, ThriftRpcConnection.Connector(config), AvroSinkBinding.ResetInterval(o));
    }
}
