using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Sinks;

/// <summary>Builds a file_roll sink from its validated options; the serializer factory is bound by the topology builder.</summary>
public static class RollingFileSinkBinding
{
    public static RollingFileSink Create(BoundOptions o, IChannel channel)
    {
        ArgumentNullException.ThrowIfNull(o);
        var serializer = o.Serializer ?? throw new InvalidOperationException($"file_roll sink '{o.Name}' has no serializer bound");
        var options = new RollingFileSinkOptions(
            o.RequiredString("sink.directory"),
            TimeSpan.FromSeconds(Math.Max(0, o.GetLong("sink.rollInterval", 30))),
            Math.Max(1, o.GetInt("sink.batchSize", 100)),
            string.Equals(o.GetString("sink.pathManager"), "ROLLTIME", StringComparison.OrdinalIgnoreCase),
            o.GetString("sink.pathManager.prefix") ?? string.Empty,
            o.GetString("sink.pathManager.extension") ?? string.Empty,
            serializer);
        return new RollingFileSink(o.Name, channel, options);
    }
}
