using FlumeNet.Agent.Monitoring;

namespace FlumeNet.Agent.Core;

/// <summary>
/// A channel: a bounded, transactional buffer between sources and sinks. Thread-safe: any number of threads may each
/// hold their own transaction. Capacity is reserved at commit, so a rolled-back batch never loses a slot.
/// </summary>
public interface IChannel
{
    string Name { get; }

    ChannelCounter Counter { get; }

    /// <summary>Most events one transaction may put or take.</summary>
    int TransactionCapacity => int.MaxValue;

    /// <summary>Events committed by puts so far: the mark a source reads right after its commit (see <see cref="StoredPuts"/>).</summary>
    long CommittedPuts => Counter.EventPutSuccessCount;

    /// <summary>
    /// How many of the first <see cref="CommittedPuts"/> events the sinks all took and committed (stored downstream):
    /// once it reaches the mark a source read after its put, that batch is stored. The default, the committed-take
    /// count, is exact when takes commit in the order they were taken (one sink, a sink group); the memory channel
    /// follows every event, so two sinks reading it may commit out of order.
    /// </summary>
    long StoredPuts => Counter.EventTakeSuccessCount;

    /// <summary>Begins a transaction; dispose it (commit first to keep its effects).</summary>
    IChannelTransaction BeginTransaction();

    /// <summary>Ends takes waiting for an event (they return null), so a stopping sink need not wait out keep-alive.</summary>
    void InterruptTakers()
    {
    }
}
