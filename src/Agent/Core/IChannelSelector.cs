namespace FlumeNet.Agent.Core;

/// <summary>Chooses the channels of each event: required ones (a failed put fails the batch) and optional ones (best effort).</summary>
public interface IChannelSelector
{
    IReadOnlyList<IChannel> RequiredChannels(FlumeEvent e);

    IReadOnlyList<IChannel> OptionalChannels(FlumeEvent e);

    /// <summary>False when every event goes to the same channels (replicating): batches then skip per-event grouping.</summary>
    bool DependsOnEvent { get; }

    /// <summary>Every channel this selector can return.</summary>
    IReadOnlyList<IChannel> AllChannels { get; }
}
