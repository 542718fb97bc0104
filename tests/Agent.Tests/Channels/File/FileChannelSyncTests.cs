using FlumeNet.Agent.Channels.Files;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Tests.Support;
using Microsoft.Win32.SafeHandles;
using static FlumeNet.Agent.Tests.Channels.Files.FileChannelFixture;

namespace FlumeNet.Agent.Tests.Channels.Files;

/// <summary>When the file channel syncs with fsyncPerTransaction: put commits before they return, take commits later.</summary>
public sealed class FileChannelSyncTests : IDisposable
{
    private readonly FileChannelFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    private static void TakeCommitted(FileChannel c, int n)
    {
        using var tx = c.BeginTransaction();
        for (var i = 0; i < n; i++)
        {
            Assert.NotNull(tx.Take());
        }
        tx.Commit();
    }

    [Fact]
    public void PutCommit_IsSyncedBeforeItReturns_TakeCommit_IsCoveredByTheNextPutSync()
    {
        var c = _fx.Start(_fx.Settings() with { TakeSyncDelay = TimeSpan.FromHours(1) });
        var before = c.LogSyncs;
        PutCommitted(c, "a", "b");
        Assert.Equal(0, c.UnsyncedLogBytes);
        Assert.True(c.LogSyncs > before);

        var afterPut = c.LogSyncs;
        TakeCommitted(c, 1);
        Assert.True(c.UnsyncedLogBytes > 0, "a take commit does not wait for a sync");
        Assert.Equal(afterPut, c.LogSyncs);

        PutCommitted(c, "c");
        Assert.Equal(0, c.UnsyncedLogBytes);
        Assert.Equal(afterPut + 1, c.LogSyncs);
        Crash(c);
        Assert.Equal(["b", "c"], TakeAll(_fx.Start(_fx.Settings())));
    }

    [Fact]
    public void TakeCommit_WithoutALaterPut_IsSyncedWithinTheDelay()
    {
        var c = _fx.Start(_fx.Settings());
        PutCommitted(c, "a", "b");
        TakeCommitted(c, 2);
        Assert.True(Poll.Until(() => c.UnsyncedLogBytes == 0, everyMs: 20), "the take record was never synced");
        // A second take after the timer fired arms it again.
        PutCommitted(c, "c");
        TakeCommitted(c, 1);
        Assert.True(Poll.Until(() => c.UnsyncedLogBytes == 0, everyMs: 20), "the second take record was never synced");
    }

    [Fact]
    public void TakeCommit_WithFsyncPerTransactionFalse_IsLeftToTheInterval()
    {
        var c = _fx.Start(_fx.Settings() with { FsyncPerTransaction = false, FsyncInterval = TimeSpan.FromHours(1), TakeSyncDelay = TimeSpan.FromMilliseconds(1) });
        var before = c.LogSyncs;
        PutCommitted(c, "a");
        TakeCommitted(c, 1);
        // The condition to wait for instead of a fixed sleep: a channel with fsyncPerTransaction, whose take commits arm
        // the same 1 ms timer, has synced two take commits made after c's. Had c armed such a timer, it would have fired.
        var control = _fx.Start(_fx.Settings() with
        {
            CheckpointDir = Path.Combine(_fx.Root, "control-checkpoint"),
            DataDirs = [Path.Combine(_fx.Root, "control-data")],
            TakeSyncDelay = TimeSpan.FromMilliseconds(1),
        }, "control");
        for (var i = 0; i < 2; i++)
        {
            PutCommitted(control, "x");
            var synced = control.LogSyncs;
            TakeCommitted(control, 1);
            Assert.True(Poll.Until(() => control.LogSyncs > synced && control.UnsyncedLogBytes == 0, everyMs: 5), "the control channel never synced its take");
        }
        Assert.Equal(before, c.LogSyncs);
        Assert.True(c.UnsyncedLogBytes > 0);
    }

    [Fact]
    public void FailedSync_FailsEveryPutItMayHaveCovered_EvenWhenTheNextSyncSucceeds()
    {
        // The first sync of "b" blocks until "c" has been written behind it, then fails. Linux reports a writeback error
        // to one fdatasync only, so a retry of the sync for "c" would succeed without "c" being known durable.
        using var inSync = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var failNext = 0;
        void Sync(SafeFileHandle h)
        {
            if (Interlocked.Exchange(ref failNext, 0) == 1)
            {
                inSync.Set();
                release.Wait();
                throw new IOException("injected EIO");
            }
            DiskSync.Data(h);
        }
        var settings = _fx.Settings() with { DataSync = Sync };
        var c = _fx.Start(settings);
        PutCommitted(c, "a");
        Volatile.Write(ref failNext, 1);
        Exception? errorB = null;
        Exception? errorC = null;
        var b = new Thread(() => errorB = Record(() => PutCommitted(c, "b")));
        b.Start();
        Assert.True(inSync.Wait(Poll.Patience));
        var position = c.WriterPositions[0].Position;
        var cThread = new Thread(() => errorC = Record(() => PutCommitted(c, "c")));
        cThread.Start();
        Assert.True(Poll.Until(() => c.WriterPositions[0].Position > position, everyMs: 10), "c was not written");
        release.Set();
        Assert.True(b.Join(Poll.Patience) && cThread.Join(Poll.Patience));
        Assert.IsType<ChannelException>(errorB);
        Assert.IsType<ChannelException>(errorC);
        Assert.Contains("injected EIO", errorC!.Message);

        // The log rolled: the next commit goes to a new file and succeeds.
        var file = c.WriterPositions[0].FileId;
        PutCommitted(c, "d");
        Assert.NotEqual(file, c.WriterPositions[0].FileId);
        Assert.Equal(0, c.UnsyncedLogBytes);
    }

    private static Exception? Record(Action a)
    {
        try
        {
            a();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
