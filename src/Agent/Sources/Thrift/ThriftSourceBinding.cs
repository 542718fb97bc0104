using System.Net;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Registry;
using FlumeNet.Agent.Sources.Avro;

namespace FlumeNet.Agent.Sources.Thrift;

/// <summary>Builds a thrift source; <c>protocol</c> is chosen case-sensitively as Flume does (T5: only <c>binary</c> is binary).</summary>
public static class ThriftSourceBinding
{
    public static readonly ComponentFactory Factory = new() { Source = Create };

    public static ThriftSource Create(BoundOptions o, ChannelProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(o);
        var bind = o.RequiredString("bind");
        var address = bind is "0.0.0.0" or "" ? IPAddress.Any
            : IPAddress.TryParse(bind, out var ip) ? ip
            : Dns.GetHostAddresses(bind)[0];
        var options = new ThriftSourceOptions(bind, address, o.GetInt("port", 0), o.GetString("protocol") == "binary",
            AvroSourceBinding.Tls(o));
        return new ThriftSource(o.Name, options, processor);
    }
}
