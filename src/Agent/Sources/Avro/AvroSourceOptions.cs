using System.Net;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Net;

namespace FlumeNet.Agent.Sources.Avro;

/// <summary>The avro source's validated options (reference §1.7); <c>threads</c> is read and unused, as in Flume 1.11 (T3).</summary>
public sealed record AvroSourceOptions(string Bind, IPAddress Address, int Port)
{
    public bool Deflate { get; init; }

    public TlsServerSettings? Tls { get; init; }

    public IpFilterRules? IpFilter { get; init; }
}
