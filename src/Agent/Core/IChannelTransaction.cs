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

    void Commit();

    void Rollback();
}
