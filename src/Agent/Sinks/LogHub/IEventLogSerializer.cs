using FlumeNet.Agent.Core;
using FlumeNet.Agent.LogHub.Protocol;

namespace FlumeNet.Agent.Sinks.LogHub;

/// <summary>Turns an event into a LogHub log (aliyun-log-flume's sink serializers, reference §8.2).</summary>
internal interface IEventLogSerializer
{
    /// <summary>The log; its Time is the event's own time when the serializer finds one, else <paramref name="nowSeconds"/>.</summary>
    /// <exception cref="FormatException">The event cannot be turned into a log (it is dropped and counted).</exception>
    Log Serialize(FlumeEvent e, uint nowSeconds);
}
