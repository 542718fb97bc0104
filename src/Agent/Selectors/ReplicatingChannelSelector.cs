using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Selectors;

/// <summary>Flume's replicating selector: every event goes to every channel; channels named in <c>optional</c> are best effort.</summary>
public sealed class ReplicatingChannelSelector : IChannelSelector
{
    private readonly IChannel[] _required;
    private readonly IChannel[] _optional;

    public ReplicatingChannelSelector(IReadOnlyList<IChannel> channels, IReadOnlySet<string> optionalNames)
    {
        _required = [.. channels.Where(c => !optionalNames.Contains(c.Name))];
        _optional = [.. channels.Where(c => optionalNames.Contains(c.Name))];
        AllChannels = [.. channels];
    }

    public bool DependsOnEvent => false;

    public IReadOnlyList<IChannel> AllChannels { get; }

    public IReadOnlyList<IChannel> RequiredChannels(FlumeEvent e) => _required;

    public IReadOnlyList<IChannel> OptionalChannels(FlumeEvent e) => _optional;
}
