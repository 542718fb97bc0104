using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.AvroRpc;

/// <summary>
/// What an Avro RPC server does with <c>AvroSourceProtocol</c> calls. Called on the connection's thread, one call at a
/// time per connection (several connections may call at once). An exception becomes an Avro error reply.
/// </summary>
public interface IAvroFlumeHandler
{
    AvroStatus Append(FlumeEvent e);

    /// <summary>The list belongs to the caller and is reused after the call returns.</summary>
    AvroStatus AppendBatch(List<FlumeEvent> events);
}
