using System.Runtime.InteropServices;
using NLog;

namespace FlumeNet.Agent.Core;

/// <summary>
/// Moves a source's events into its channels (reference §8.2): the interceptor chain first, then one transaction per
/// channel per batch, required channels before optional ones. A failed required channel fails the batch (the source
/// retries or reports it); a failed optional channel is logged and skipped. As in Flume there is no atomicity across
/// channels: required channels already committed keep the batch, so a retry may duplicate it there.
/// </summary>
public sealed class ChannelProcessor
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    /// <summary>Event bodies at DEBUG, enabled only by <c>-Dorg.apache.flume.log.rawdata=true</c> (and a DEBUG root level), as in Flume.</summary>
    private static readonly Logger RawData = LogManager.GetLogger("FlumeNet.Agent.RawData");
    private readonly IChannelSelector _selector;
    private readonly IReadOnlyList<IInterceptor> _interceptors;
    private readonly Dictionary<IChannel, List<FlumeEvent>> _requiredGroups = [];
    private readonly Dictionary<IChannel, List<FlumeEvent>> _optionalGroups = [];

    public ChannelProcessor(IChannelSelector selector, IReadOnlyList<IInterceptor> interceptors)
    {
        _selector = selector;
        _interceptors = interceptors;
    }

    public IChannelSelector Selector => _selector;

    /// <summary>False when batches pass to the channels as they are: the processor neither changes nor drops events.</summary>
    public bool HasInterceptors => _interceptors.Count > 0;

    /// <summary>The largest batch every channel of this source accepts in one transaction.</summary>
    public int MaxBatchSize
    {
        get
        {
            var max = int.MaxValue;
            foreach (var c in _selector.AllChannels)
            {
                max = Math.Min(max, c.TransactionCapacity);
            }
            return max;
        }
    }

    /// <summary>Puts one batch. The list is intercepted in place. Not thread-safe: one caller at a time per source.</summary>
    /// <exception cref="ChannelException">A required channel refused the batch; nothing was committed to that channel.</exception>
    public void ProcessBatch(List<FlumeEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var interceptor in _interceptors)
        {
            interceptor.Intercept(events);
        }
        if (events.Count == 0)
        {
            return;
        }
        if (RawData.IsDebugEnabled)
        {
            foreach (var e in events)
            {
                RawData.Debug("Event: {Event}", EventDump.Format(e, 16));
            }
        }
        if (!_selector.DependsOnEvent)
        {
            var first = events[0];
            var required = _selector.RequiredChannels(first);
            for (var i = 0; i < required.Count; i++)
            {
                PutAll(required[i], events);
            }
            var optional = _selector.OptionalChannels(first);
            for (var i = 0; i < optional.Count; i++)
            {
                TryPutAll(optional[i], events);
            }
            return;
        }
        ProcessGrouped(events);
    }

    /// <summary>Puts one event (sources that deliver event by event).</summary>
    public void Process(FlumeEvent e) => ProcessBatch([e]);

    private void ProcessGrouped(List<FlumeEvent> events)
    {
        var required = new List<IChannel>();
        var optional = new List<IChannel>();
        foreach (var e in events)
        {
            Group(e, _selector.RequiredChannels(e), _requiredGroups, required);
            Group(e, _selector.OptionalChannels(e), _optionalGroups, optional);
        }
        foreach (var channel in required)
        {
            PutAll(channel, _requiredGroups[channel]);
            _requiredGroups[channel].Clear();
        }
        foreach (var channel in optional)
        {
            TryPutAll(channel, _optionalGroups[channel]);
            _optionalGroups[channel].Clear();
        }
    }

    private static void Group(FlumeEvent e, IReadOnlyList<IChannel> channels, Dictionary<IChannel, List<FlumeEvent>> groups, List<IChannel> order)
    {
        foreach (var channel in channels)
        {
            if (!groups.TryGetValue(channel, out var list))
            {
                list = [];
                groups[channel] = list;
            }
            if (!order.Contains(channel))
            {
                order.Add(channel);
            }
            list.Add(e);
        }
    }

    private static void PutAll(IChannel channel, List<FlumeEvent> events)
    {
        using var tx = channel.BeginTransaction();
        tx.PutBatch(CollectionsMarshal.AsSpan(events));
        tx.Commit();
    }

    private static void TryPutAll(IChannel channel, List<FlumeEvent> events)
    {
        try
        {
            PutAll(channel, events);
        }
        catch (ChannelException ex)
        {
            Log.Warn("Optional channel '{Channel}' refused a batch of {Count} events: {Reason}", channel.Name, events.Count, ex.Message);
        }
    }
}
