using Thrift;
using Thrift.Protocol;
using Thrift.Transport;
using Thrift.Transport.Client;

namespace FlumeNet.Agent.ThriftRpc;

/// <summary>Framed transport over a stream and the protocol Flume selects (reference §2.2; T5 is decided by the caller).</summary>
public static class ThriftTransports
{
    public static TProtocol Protocol(Stream stream, bool binary)
    {
        var transport = new TFramedTransport(new TStreamTransport(stream, stream, new TConfiguration()));
        return binary ? new TBinaryProtocol(transport) : new TCompactProtocol(transport);
    }
}
