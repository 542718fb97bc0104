using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Selectors;

/// <summary>Builds a multiplexing selector from <c>header</c>, <c>mapping.*</c>, <c>default</c> and <c>optional.*</c> (already validated).</summary>
public static class MultiplexingBinding
{
    public static MultiplexingChannelSelector Create(BoundOptions o, IReadOnlyList<IChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(channels);
        IChannel[] Resolve(string list)
        {
            var result = new List<IChannel>();
            foreach (var name in list.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var c in channels)
                {
                    if (c.Name == name && !result.Contains(c))
                    {
                        result.Add(c);
                    }
                }
            }
            return [.. result];
        }
        var mapping = new Dictionary<string, IChannel[]>(StringComparer.Ordinal);
        foreach (var (value, list) in o.Sub("mapping."))
        {
            mapping[value] = Resolve(list);
        }
        var optional = new Dictionary<string, IChannel[]>(StringComparer.Ordinal);
        foreach (var (value, list) in o.Sub("optional."))
        {
            optional[value] = Resolve(list);
        }
        return new MultiplexingChannelSelector(channels, o.GetString("header") ?? "flume.selector.header", mapping,
            Resolve(o.GetString("default") ?? string.Empty), optional);
    }
}
