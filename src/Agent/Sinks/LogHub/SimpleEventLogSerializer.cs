using System.Text;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.LogHub.Protocol;

namespace FlumeNet.Agent.Sinks.LogHub;

/// <summary>SIMPLE: the whole body, decoded with <c>encoding</c>, as one field named <c>fieldName</c>.</summary>
internal sealed class SimpleEventLogSerializer(string fieldName, Encoding encoding) : IEventLogSerializer
{
    public Log Serialize(FlumeEvent e, uint nowSeconds)
    {
        var log = new Log { Time = nowSeconds };
        log.Contents.Add(new Log.Types.Content { Key = fieldName, Value = encoding.GetString(e.Body) });
        return log;
    }
}
