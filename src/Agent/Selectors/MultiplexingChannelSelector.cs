using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Selectors;

/// <summary>
/// Flume's multiplexing selector (reference §6.5): the value of one header (matched exactly) picks the required
/// channels from <c>mapping.*</c>, else <c>default</c>; <c>optional.*</c> adds best-effort channels, minus those already required.
/// </summary>
public sealed class MultiplexingChannelSelector : IChannelSelector
{
    private readonly string _header;
    private readonly Dictionary<string, IChannel[]> _mapping;
    private readonly Dictionary<string, IChannel[]> _optional;
    private readonly IChannel[] _default;

    public MultiplexingChannelSelector(
        IReadOnlyList<IChannel> channels,
        string header,
        Dictionary<string, IChannel[]> mapping,
        IChannel[] defaultChannels,
        Dictionary<string, IChannel[]> optional)
    {
        _header = header;
        _mapping = mapping;
        _default = defaultChannels;
        _optional = new Dictionary<string, IChannel[]>(StringComparer.Ordinal);
        foreach (var (value, list) in optional)
        {
            var required = mapping.TryGetValue(value, out var r) ? r : defaultChannels;
            _optional[value] = [.. list.Where(c => !required.Contains(c))];
        }
        AllChannels = [.. channels];
    }

    public bool DependsOnEvent => true;

    public IReadOnlyList<IChannel> AllChannels { get; }

    public IReadOnlyList<IChannel> RequiredChannels(FlumeEvent e)
    {
        var value = e.Header(_header);
        return value is not null && _mapping.TryGetValue(value, out var channels) ? channels : _default;
    }

    public IReadOnlyList<IChannel> OptionalChannels(FlumeEvent e)
    {
        var value = e.Header(_header);
        return value is not null && _optional.TryGetValue(value, out var channels) ? channels : [];
    }
}
