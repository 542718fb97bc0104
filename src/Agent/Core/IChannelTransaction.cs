namespace FlumeNet.Agent.Core;

/// <summary>
/// One channel transaction, used by one thread: <see cref="Put"/> and <see cref="Take"/> any number of events (up to the
/// channel's transaction capacity), then <see cref="Commit"/>. Disposing without a commit rolls back: puts are
/// discarded and taken events return to the head of the channel in their order, so nothing is lost.
/// </summary>
/// <remarks>
/// Put and Take throw <see cref="ChannelException"/> when the transaction capacity is exceeded. Commit throws
/// <see cref="ChannelFullException"/> when the channel has no room within its keep-alive; the transaction is then rolled
/// back by Dispose.
/// </remarks>
public interface IChannelTransaction : IDisposable
{
    void Put(FlumeEvent e);

    /// <summary>The next event, waiting up to the channel's keep-alive; null when none arrived.</summary>
    FlumeEvent? Take();

    /// <summary>
    /// Puts every event in order, as one <see cref="Put"/> per event would (same counters, same transaction-capacity
    /// exception after the events that fit). Channels override it to buffer the batch in one step.
    /// </summary>
    void PutBatch(ReadOnlySpan<FlumeEvent> events)
    {
        foreach (var e in events)
        {
            Put(e);
        }
    }

    /// <summary>
    /// Takes up to <paramref name="max"/> events and appends them to <paramref name="into"/>, as calling <see cref="Take"/>
    /// until it returns null or <paramref name="max"/> events were taken would (it waits up to keep-alive only while no
    /// event is there). Returns how many were taken. Channels override it to take the batch under one lock.
    /// </summary>
    int TakeBatch(List<FlumeEvent> into, int max)
    {
        ArgumentNullException.ThrowIfNull(into);
        var n = 0;
        while (n < max && Take() is { } e)
        {
            into.Add(e);
            n++;
        }
        return n;
    }

    void Commit();

    void Rollback();
}
