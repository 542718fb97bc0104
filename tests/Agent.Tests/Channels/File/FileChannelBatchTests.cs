using System.Text;
using FlumeNet.Agent.Channels.Files;
using FlumeNet.Agent.Core;
using static FlumeNet.Agent.Tests.Channels.Files.FileChannelFixture;

namespace FlumeNet.Agent.Tests.Channels.Files;

/// <summary>PutBatch/TakeBatch, records sealed three at a time, and log files that grow instead of being zero-filled.</summary>
public sealed class FileChannelBatchTests : IDisposable
{
    private readonly FileChannelFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    [Fact]
    public void Crc32C3_GivesWhatThreeSingleChecksumsGive()
    {
        var random = new Random(16);
        var data = new byte[1200];
        random.NextBytes(data);
        for (var round = 0; round < 2000; round++)
        {
            var a = data.AsSpan(random.Next(8), random.Next(0, 400));
            var b = data.AsSpan(random.Next(8), round % 3 == 0 ? a.Length : random.Next(0, 400));
            var c = data.AsSpan(random.Next(8), random.Next(0, 400));
            var (ca, cb, cc) = LogFormat.Crc32C3(a, b, c);
            Assert.Equal(LogFormat.Crc32C(a), ca);
            Assert.Equal(LogFormat.Crc32C(b), cb);
            Assert.Equal(LogFormat.Crc32C(c), cc);
        }
        // The known CRC-32C check value: the three lanes are each the real checksum, not merely consistent.
        var check = "123456789"u8;
        Assert.Equal(0xE3069283u, LogFormat.Crc32C(check));
        Assert.Equal((0xE3069283u, 0xE3069283u, 0xE3069283u), LogFormat.Crc32C3(check, check, check));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void PutBatchAndPut_MixedInOneTransaction_ReplayAfterACrash_InOrder(int perEvent)
    {
        var c = _fx.Start(_fx.Settings());
        using (var tx = c.BeginTransaction())
        {
            for (var i = 0; i < perEvent; i++)
            {
                tx.Put(Ev($"single-{i}"));
            }
            tx.PutBatch([Ev("batch-0"), Ev("batch-1", new() { ["k"] = "v" }), Ev("batch-2"), Ev("batch-3")]);
            tx.Put(Ev("last"));
            tx.Commit();
        }
        Crash(c);
        var again = _fx.Start(_fx.Settings());
        var expected = Enumerable.Range(0, perEvent).Select(i => $"single-{i}").Concat(["batch-0", "batch-1", "batch-2", "batch-3", "last"]);
        using (var tx = again.BeginTransaction())
        {
            var taken = new List<FlumeEvent>();
            Assert.Equal(perEvent + 5, tx.TakeBatch(taken, 100));
            Assert.Equal(expected, taken.Select(e => Encoding.UTF8.GetString(e.Body)));
            Assert.Equal("v", taken[perEvent + 1].Header("k"));
            tx.Commit();
        }
        Assert.Equal(0, again.Count);
    }

    [Fact]
    public void PutBatch_OverTheTransactionCapacity_PutsWhatFits_AndCountsAsPerEventPuts()
    {
        var c = _fx.Start(_fx.Settings(capacity: 100, transactionCapacity: 3));
        using (var tx = c.BeginTransaction())
        {
            var ex = Assert.Throws<ChannelException>(() => tx.PutBatch([Ev("a"), Ev("b"), Ev("c"), Ev("d"), Ev("e")]));
            Assert.Contains("capacity 3 full", ex.Message, StringComparison.Ordinal);
            tx.Commit();
        }
        // Per-event puts: three attempts that fit and the refused fourth.
        Assert.Equal(4, c.Counter.EventPutAttemptCount);
        Assert.Equal(3, c.Counter.EventPutSuccessCount);
        Assert.Equal(["a", "b", "c"], TakeAll(c));
    }

    [Fact]
    public void TakeBatch_CountsAndLimitsAsPerEventTakes()
    {
        var c = _fx.Start(_fx.Settings(capacity: 100, transactionCapacity: 4));
        PutCommitted(c, "a", "b");
        using (var tx = c.BeginTransaction())
        {
            var taken = new List<FlumeEvent>();
            Assert.Equal(2, tx.TakeBatch(taken, 10)); // the third attempt found the channel empty
            Assert.Equal(0, tx.TakeBatch(taken, 0));
            tx.Rollback();
        }
        Assert.Equal(3, c.Counter.EventTakeAttemptCount);
        Assert.Equal(2, c.Count);
        PutCommitted(c, "c", "d", "e");
        using (var tx = c.BeginTransaction())
        {
            var taken = new List<FlumeEvent>();
            Assert.Throws<ChannelException>(() => tx.TakeBatch(taken, 10)); // four fit, the fifth attempt is refused
            Assert.Equal(["a", "b", "c", "d"], taken.Select(e => Encoding.UTF8.GetString(e.Body)));
            tx.Commit();
        }
        Assert.Equal(3 + 5, c.Counter.EventTakeAttemptCount);
        Assert.Equal(["e"], TakeAll(c));
    }

    [Fact]
    public void TakeBatch_DropsACorruptRecord_AndReturnsTheOthersInOrder()
    {
        var c = _fx.Start(_fx.Settings());
        var (_, start) = c.WriterPositions[0];
        PutCommitted(c, "e0", "e1", "e2", "e3", "e4", "e5", "e6");
        // Each record: header 12, no headers 1, body 2. Flip a body byte of e4, as a disk error would.
        using (var f = new FileStream(LastLogFile(), FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            f.Position = start + (4 * 15) + 13;
            f.WriteByte((byte)'X');
        }
        using var tx = c.BeginTransaction();
        var taken = new List<FlumeEvent>();
        Assert.Equal(6, tx.TakeBatch(taken, 10));
        Assert.Equal(["e0", "e1", "e2", "e3", "e5", "e6"], taken.Select(e => Encoding.UTF8.GetString(e.Body)));
        tx.Commit();
        Assert.Equal(0, c.Count);
    }

    [Fact]
    public void LargeCommits_GrowTheFileWithoutZeros_SmallOnesZeroFillAgain_AndEverythingReplays()
    {
        var settings = _fx.Settings(capacity: 100_000, transactionCapacity: 2000);
        var c = _fx.Start(settings);
        var body = new string('x', 250);
        var next = 0;
        void Commit(int events)
        {
            using var tx = c.BeginTransaction();
            var batch = new FlumeEvent[events];
            for (var i = 0; i < events; i++)
            {
                batch[i] = Ev($"{next++:D6}{body}");
            }
            tx.PutBatch(batch);
            tx.Commit();
        }
        // Syncs of about 320 KB: the writer zero-fills for a first epoch of 8 MiB, then tries growing the file (the
        // other way has not been measured yet), which it does after 2 MiB of zeros left ahead.
        for (var i = 0; i < 40; i++)
        {
            Commit(1200);
        }
        var (_, position) = c.WriterPositions[0];
        Assert.Equal(position, new FileInfo(LastLogFile()).Length);
        // Small syncs (below GrowthChooser.SmallSync on average) bring the zeros back, written from the end of the file,
        // never over records.
        for (var i = 0; i < 40; i++)
        {
            Commit(1);
        }
        (_, position) = c.WriterPositions[0];
        Assert.True(new FileInfo(LastLogFile()).Length > position, "zeros are written ahead again");
        Crash(c);
        var again = _fx.Start(settings);
        var all = TakeAll(again, 2000);
        Assert.Equal(next, all.Count);
        for (var i = 0; i < all.Count; i++)
        {
            Assert.StartsWith($"{i:D6}", all[i], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void GrowthChooser_PicksTheCheaperWay_AndTriesTheOtherAgain()
    {
        var chooser = new GrowthChooser();
        const long sync = 256 * 1024;
        var ways = new List<bool>();
        // Growing costs 1 tick per byte synced, zeros 2: after both are measured it grows, except on the probes.
        for (var i = 0; i < 4000; i++)
        {
            var grow = chooser.Grow;
            ways.Add(grow);
            chooser.Synced(grow ? sync : 2 * sync, sync);
        }
        Assert.False(ways[0]);
        var late = ways.Skip(1000).ToList();
        Assert.True(late.Count(g => g) > late.Count * 3 / 4, "growing, the cheaper way, most of the time");
        Assert.Contains(false, late); // the other way is tried again
        // Costs turn around (other writers slow the journal): zeros win.
        ways.Clear();
        for (var i = 0; i < 4000; i++)
        {
            var grow = chooser.Grow;
            ways.Add(grow);
            chooser.Synced(grow ? 3 * sync : sync, sync);
        }
        late = ways.Skip(1000).ToList();
        Assert.True(late.Count(g => !g) > late.Count * 3 / 4, "zeros, now the cheaper way, most of the time");
        // Small syncs: zeros at once, whatever was measured.
        for (var i = 0; i < 40; i++)
        {
            chooser.Synced(1, 4096);
        }
        Assert.False(chooser.Grow);
        Assert.True(chooser.BytesPerSync < GrowthChooser.SmallSync);
        Assert.True(new GrowthChooser(forced: true).Grow);
    }

    private string LastLogFile() =>
        Directory.GetFiles(_fx.DataDir, "flumenet-log-*").OrderBy(f => LogFile.IdOf(Path.GetFileName(f))).Last();
}
