using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Sources;

/// <summary>
/// Tells when the sinks have stored a batch a source committed to its channels: right after the commit it records
/// each required channel's committed-put count; the batch is stored once every channel's stored prefix
/// (<see cref="IChannel.StoredPuts"/>) has caught up, because a sink commits its take only after the destination
/// accepted the events. File sources move their persistent position (taildir's position file,
/// spooldir's tracker and completion rename) only past stored batches, so a kill -9 of an agent with a memory
/// channel loses nothing that was read.
/// </summary>
internal readonly struct SinkDeliveryMark
{
    private readonly IChannel[]? _channels;
    private readonly long[]? _marks;

    private SinkDeliveryMark(IChannel[] channels, long[] marks)
    {
        _channels = channels;
        _marks = marks;
    }

    /// <summary>A mark that has always passed (no required channel).</summary>
    public static SinkDeliveryMark None => default;

    /// <summary>Records the channels' committed puts now; call right after the batch's commit returned.</summary>
    public static SinkDeliveryMark After(ChannelProcessor processor, List<FlumeEvent> batch)
    {
        var channels = RequiredChannels(processor, batch);
        var marks = new long[channels.Length];
        for (var i = 0; i < channels.Length; i++)
        {
            marks[i] = channels[i].CommittedPuts;
        }
        return new SinkDeliveryMark(channels, marks);
    }

    /// <summary>True once the sinks took and committed every event put up to the mark.</summary>
    public bool Passed
    {
        get
        {
            if (_channels is null || _marks is null)
            {
                return true;
            }
            for (var i = 0; i < _channels.Length; i++)
            {
                var channel = _channels[i];
                // A put count below the mark means the counter was reset (the channel restarted): nothing to wait for.
                if (channel.StoredPuts < _marks[i] && channel.CommittedPuts >= _marks[i])
                {
                    return false;
                }
            }
            return true;
        }
    }

    /// <summary>The channels every event of the batch must reach (the selector's required ones; per event when they depend on headers).</summary>
    internal static IChannel[] RequiredChannels(ChannelProcessor processor, List<FlumeEvent> batch)
    {
        var selector = processor.Selector;
        if (!selector.DependsOnEvent || batch.Count == 0)
        {
            return [.. selector.RequiredChannels(batch.Count > 0 ? batch[0] : new FlumeEvent([]))];
        }
        var set = new HashSet<IChannel>(ReferenceEqualityComparer.Instance);
        foreach (var e in batch)
        {
            set.UnionWith(selector.RequiredChannels(e));
        }
        return [.. set];
    }
}
