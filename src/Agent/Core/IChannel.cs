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

    /// <summary>Begins a transaction; dispose it (commit first to keep its effects).</summary>
    IChannelTransaction BeginTransaction();

    /// <summary>Ends takes waiting for an event (they return null), so a stopping sink need not wait out keep-alive.</summary>
    void InterruptTakers()
    {
    }
}
