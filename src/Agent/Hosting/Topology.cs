using FlumeNet.Agent.Core;
using FlumeNet.Agent.Runners;

namespace FlumeNet.Agent.Hosting;

/// <summary>The live components of one configuration: channels, sink runners (one per standalone sink or group) and sources.</summary>
public sealed class Topology
{
    public Dictionary<string, IChannel> Channels { get; } = new(StringComparer.Ordinal);

    public List<SinkRunner> SinkRunners { get; } = [];

    public List<ILifecycleComponent> Sources { get; } = [];

    public Dictionary<string, ChannelProcessor> SourceProcessors { get; } = new(StringComparer.Ordinal);

    /// <summary>Components whose factory failed (each also logged at ERROR); --strict refuses to start with any.</summary>
    public List<string> BuildErrors { get; } = [];

    public IEnumerable<ISink> Sinks
    {
        get
        {
            foreach (var r in SinkRunners)
            {
                foreach (var s in r.Processor.Sinks)
                {
                    yield return s;
                }
            }
        }
    }

    /// <summary>One line per component, for the startup summary.</summary>
    public string Describe()
    {
        var lines = new List<string>();
        foreach (var (name, c) in Channels)
        {
            lines.Add($"channel '{name}' ({c.GetType().Name})");
        }
        foreach (var s in Sources)
        {
            var channels = SourceProcessors.TryGetValue(s.Name, out var p) ? string.Join(", ", p.Selector.AllChannels.Select(c => c.Name)) : "?";
            lines.Add($"source '{s.Name}' ({s.GetType().Name}) -> {channels}");
        }
        foreach (var r in SinkRunners)
        {
            foreach (var s in r.Processor.Sinks)
            {
                var group = r.Processor.Name == s.Name ? string.Empty : $" in group '{r.Processor.Name}'";
                lines.Add($"sink '{s.Name}' ({s.GetType().Name}){group} <- {s.Channel.Name}");
            }
        }
        return string.Join(Environment.NewLine, lines);
    }
}
