using System.Diagnostics;

namespace FlumeNet.Agent.Channels.Files;

/// <summary>
/// What a group-commit leader looks at before it syncs: how many transactions have begun putting and not yet appended,
/// and when one of them last put. An open transaction that has been quiet for a while (a source waiting for input) is
/// not about to commit, so the leader does not wait for it. Takes are not counted: their commits do not wait for a sync.
/// </summary>
internal sealed class CommitActivity
{
    private int _open;
    private long _last;

    public int Open => Volatile.Read(ref _open);

    public long LastTicks => Volatile.Read(ref _last);

    public void Started()
    {
        Interlocked.Increment(ref _open);
        Touch();
    }

    public void Ended() => Interlocked.Decrement(ref _open);

    /// <summary>Called every few puts or takes (not every one: the field is shared between threads).</summary>
    public void Touch() => Volatile.Write(ref _last, Stopwatch.GetTimestamp());
}
