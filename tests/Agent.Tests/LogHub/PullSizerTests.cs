using FlumeNet.Agent.LogHub;

namespace FlumeNet.Agent.Tests.LogHub;

/// <summary>
/// A shard's pull size follows the bytes per log group the service read, and "full" (catching up: the next pull
/// follows at once) counts what the service read before an SPL filter (x-log-rawdatacount), not what it sent.
/// </summary>
public sealed class PullSizerTests
{
    [Fact]
    public void FirstPull_AsksForFewGroups_ThenTheCountFollowsTheBytesPerGroup()
    {
        var sizer = new PullSizer(1000, 1 << 20);
        Assert.Equal(PullSizer.FirstCount, sizer.Count);

        using var pulled = Pulled(groups: 10, bytes: 10 * 50_000);
        Assert.True(sizer.Observe(PullSizer.FirstCount, pulled, cursorMoved: true));
        Assert.Equal((1 << 20) / 50_000, sizer.Count);
    }

    [Fact]
    public void SmallGroups_AskForTheConfiguredCount_AndHugeOnesForOne()
    {
        var small = new PullSizer(1000, 1 << 20);
        using (var pulled = Pulled(groups: 10, bytes: 10 * 300))
        {
            small.Observe(10, pulled, cursorMoved: true);
        }
        Assert.Equal(1000, small.Count);

        var huge = new PullSizer(1000, 1 << 20);
        using (var pulled = Pulled(groups: 2, bytes: 2 * 5_000_000))
        {
            huge.Observe(10, pulled, cursorMoved: true);
        }
        Assert.Equal(1, huge.Count);
    }

    [Fact]
    public void SelectiveQuery_CountsTheGroupsReadBeforeTheFilter()
    {
        var sizer = new PullSizer(100, 1 << 30);
        // 100 groups read, 3 left after the filter: a backlog, so the next pull follows at once.
        using (var selective = Pulled(groups: 3, bytes: 3 * 1000, rawGroups: 100, rawBytes: 100 * 1000))
        {
            Assert.True(sizer.Observe(100, selective, cursorMoved: true));
        }
        // Everything filtered out, but only 4 of the 100 asked for were there: paced like any partial pull.
        using (var filteredOut = Pulled(groups: 0, bytes: 0, rawGroups: 4, rawBytes: 4000))
        {
            Assert.False(sizer.Observe(100, filteredOut, cursorMoved: true));
        }
    }

    [Fact]
    public void SizeBeforeTheFilter_SetsTheCount()
    {
        var sizer = new PullSizer(1000, 1_000_000);
        using var pulled = Pulled(groups: 1, bytes: 100, rawGroups: 10, rawBytes: 10 * 100_000);
        sizer.Observe(10, pulled, cursorMoved: true);
        Assert.Equal(10, sizer.Count);
    }

    [Fact]
    public void WithoutRawHeaders_APartialPullIsNotFull_AndAFilteredOutOneThatMovedIs()
    {
        var sizer = new PullSizer(100, 1 << 30);
        using (var partial = Pulled(groups: 5, bytes: 5000))
        {
            Assert.False(sizer.Observe(10, partial, cursorMoved: true));
        }
        using (var filteredOut = Pulled(groups: 0, bytes: 0))
        {
            Assert.True(sizer.Observe(10, filteredOut, cursorMoved: true));
            Assert.False(sizer.Observe(10, filteredOut, cursorMoved: false));
        }
    }

    private static PulledLogs Pulled(int groups, int bytes, int rawGroups = -1, long rawBytes = -1) =>
        new(System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(1, bytes)), bytes, "next", groups, "cursor", rawGroups, rawBytes);
}
