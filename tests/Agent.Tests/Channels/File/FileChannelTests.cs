using System.Diagnostics;
using FlumeNet.Agent.Channels.Files;
using FlumeNet.Agent.Core;
using static FlumeNet.Agent.Tests.Channels.Files.FileChannelFixture;

namespace FlumeNet.Agent.Tests.Channels.Files;

public sealed class FileChannelTests : IDisposable
{
    private readonly FileChannelFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    private static string LastLogFile(string dir) =>
        Directory.GetFiles(dir, "flumenet-log-*").OrderBy(f => LogFile.IdOf(Path.GetFileName(f))).Last();

    [Fact]
    public void Restart_AfterCleanStop_KeepsCommittedEventsInOrder_WithHeaders()
    {
        var c = _fx.Start(_fx.Settings());
        using (var tx = c.BeginTransaction())
        {
            tx.Put(Ev("a", new Dictionary<string, string> { ["host"] = "h1", ["ü"] = "ß" }));
            tx.Put(Ev("b"));
            tx.Commit();
        }
        c.Stop();
        var again = _fx.Start(_fx.Settings());
        using var take = again.BeginTransaction();
        var a = take.Take()!;
        Assert.Equal("h1", a.Header("host"));
        Assert.Equal("ß", a.Header("ü"));
        Assert.Equal("b", System.Text.Encoding.UTF8.GetString(take.Take()!.Body));
        Assert.Null(take.Take());
        take.Commit();
        Assert.Equal(2, again.Counter.EventTakeSuccessCount);
    }

    [Fact]
    public void Crash_WithoutCheckpoint_ReplaysCommittedPutsAndTakes()
    {
        var c = _fx.Start(_fx.Settings());
        PutCommitted(c, "a", "b", "c", "d");
        using (var tx = c.BeginTransaction())
        {
            tx.Take();
            tx.Take();
            tx.Commit();
        }
        using (var tx = c.BeginTransaction())
        {
            tx.Put(Ev("uncommitted"));
            tx.Rollback();
        }
        var open = c.BeginTransaction();
        open.Take(); // "c" taken but not committed when the process dies: it comes back
        Crash(c);
        var again = _fx.Start(_fx.Settings());
        Assert.Equal(["c", "d"], TakeAll(again));
    }

    [Fact]
    public void TornTail_IsIgnored_AndEarlierCommitsComeBack()
    {
        var c = _fx.Start(_fx.Settings());
        PutCommitted(c, "first", "second");
        var afterFirst = c.WriterPositions[0].Position;
        PutCommitted(c, new string('x', 500), "torn");
        var afterSecond = c.WriterPositions[0].Position;
        Crash(c);
        using (var f = new FileStream(LastLogFile(_fx.DataDir), FileMode.Open))
        {
            f.SetLength(afterFirst + ((afterSecond - afterFirst) / 2)); // the crash cut the second commit's write
        }
        var again = _fx.Start(_fx.Settings());
        Assert.Equal(["first", "second"], TakeAll(again));
        // New commits go to a new file and survive the next restart too.
        PutCommitted(again, "after");
        Crash(again);
        Assert.Equal(["after"], TakeAll(_fx.Start(_fx.Settings())));
    }

    [Fact]
    public void GarbageInTheLastRecord_StopsReplayThere()
    {
        var c = _fx.Start(_fx.Settings());
        PutCommitted(c, "kept");
        var afterFirst = c.WriterPositions[0].Position;
        PutCommitted(c, "garbled", "too");
        Crash(c);
        using (var f = new FileStream(LastLogFile(_fx.DataDir), FileMode.Open))
        {
            f.Position = afterFirst + 20;
            f.Write([0xde, 0xad, 0xbe, 0xef]);
        }
        Assert.Equal(["kept"], TakeAll(_fx.Start(_fx.Settings())));
    }

    [Fact]
    public void CorruptCheckpoint_FallsBackToTheBackup()
    {
        var settings = _fx.Settings() with { UseDualCheckpoints = true, BackupCheckpointDir = _fx.BackupDir };
        var c = _fx.Start(settings);
        PutCommitted(c, "a", "b");
        c.Checkpoint();
        PutCommitted(c, "c");
        Crash(c);
        Assert.True(System.IO.File.Exists(Path.Combine(_fx.BackupDir, "flumenet-checkpoint")));
        Corrupt(Path.Combine(_fx.CheckpointDir, "flumenet-checkpoint"));
        Assert.Equal(["a", "b", "c"], TakeAll(_fx.Start(settings)));
    }

    [Fact]
    public void CorruptCheckpoint_WithoutBackup_ReplaysEveryLogFile()
    {
        var c = _fx.Start(_fx.Settings());
        PutCommitted(c, "a", "b", "c");
        using (var tx = c.BeginTransaction())
        {
            tx.Take();
            tx.Commit();
        }
        c.Checkpoint();
        PutCommitted(c, "d");
        Crash(c);
        Corrupt(Path.Combine(_fx.CheckpointDir, "flumenet-checkpoint"));
        // Nothing committed is lost; the take of "a" is in the log too, so it stays taken.
        Assert.Equal(["b", "c", "d"], TakeAll(_fx.Start(_fx.Settings())));
    }

    private static void Corrupt(string path)
    {
        var bytes = System.IO.File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        System.IO.File.WriteAllBytes(path, bytes);
    }

    [Fact]
    public void SecondChannelOnTheSameDirectories_IsRefused()
    {
        _fx.Start(_fx.Settings());
        var second = new FileChannel("c2", _fx.Settings());
        var ex = Assert.Throws<IOException>(second.Start);
        Assert.Contains("in_use.lock", ex.Message, StringComparison.Ordinal);
        Assert.Contains("already in use", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => second.BeginTransaction());
    }

    [Fact]
    public void SecondProcessOnTheSameDirectory_IsRefused()
    {
        _fx.Start(_fx.Settings());
        // flock from another process (util-linux) must fail at once on the held in_use.lock.
        if (!System.IO.File.Exists("/usr/bin/flock"))
        {
            return;
        }
        using var p = Process.Start(new ProcessStartInfo("/usr/bin/flock", ["-n", "-x", Path.Combine(_fx.CheckpointDir, "in_use.lock"), "true"]))!;
        Assert.True(p.WaitForExit(30_000));
        Assert.NotEqual(0, p.ExitCode);
    }

    [Fact]
    public void FreeSpaceBelowMinimumRequiredSpace_FailsPuts_ButTakesStillDrain()
    {
        var c = _fx.Start(_fx.Settings());
        PutCommitted(c, "a");
        c.Stop();
        var full = _fx.Start(_fx.Settings() with { MinimumRequiredSpace = long.MaxValue / 4 });
        using (var tx = full.BeginTransaction())
        {
            tx.Put(Ev("b"));
            var ex = Assert.Throws<ChannelException>(tx.Commit);
            Assert.Contains("minimumRequiredSpace", ex.Message, StringComparison.Ordinal);
        }
        Assert.Equal(["a"], TakeAll(full));
    }

    [MountFact]
    public void SmallTmpfs_PutsFailClearly_AndCommittedEventsSurvive()
    {
        var dir = Path.Combine(_fx.Root, "tmpfs");
        Directory.CreateDirectory(dir);
        Assert.Null(MountFactAttribute.Run($"-t tmpfs -o size=3m tmpfs {dir}"));
        try
        {
            var settings = _fx.Settings(100_000, 100) with { CheckpointDir = Path.Combine(dir, "cp"), DataDirs = [Path.Combine(dir, "data")] };
            var c = new FileChannel("c1", settings);
            c.Start();
            var committed = 0;
            ChannelException? failure = null;
            for (var i = 0; i < 10_000 && failure is null; i++)
            {
                try
                {
                    PutCommitted(c, Enumerable.Range(0, 10).Select(j => new string('x', 200) + (i * 10 + j)).ToArray());
                    committed += 10;
                }
                catch (ChannelException ex)
                {
                    failure = ex;
                }
            }
            Assert.NotNull(failure);
            Assert.Contains("space", failure.Message, StringComparison.OrdinalIgnoreCase);
            c.Stop();
            c.Start();
            Assert.Equal(committed, TakeAll(c).Count);
            c.Dispose();
        }
        finally
        {
            MountFactAttribute.Run($"-l {dir}", "umount");
        }
    }

    [Fact]
    public void DirectoryThatCannotBeCreated_FailsStart_NamingTheKey()
    {
        var file = Path.Combine(_fx.Root, "plain-file");
        System.IO.File.WriteAllText(file, "x");
        var c = new FileChannel("c1", _fx.Settings() with { DataDirs = [Path.Combine(file, "data")] });
        var ex = Assert.Throws<IOException>(c.Start);
        Assert.Contains("dataDirs", ex.Message, StringComparison.Ordinal);
        Assert.False(c.IsOpen);
    }

    [MountFact]
    public void ReadOnlyDirectory_FailsStart_NamingTheKey()
    {
        var dir = Path.Combine(_fx.Root, "ro");
        Directory.CreateDirectory(dir);
        Assert.Null(MountFactAttribute.Run($"-t tmpfs -o ro,size=1m tmpfs {dir}"));
        try
        {
            var c = new FileChannel("c1", _fx.Settings() with { CheckpointDir = dir });
            var ex = Assert.Throws<IOException>(c.Start);
            Assert.Contains("checkpointDir", ex.Message, StringComparison.Ordinal);
            Assert.Contains("not writable", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            MountFactAttribute.Run($"-l {dir}", "umount");
        }
    }

    [MountFact]
    public void DirectoriesTurnedReadOnly_FailTheStartClearly_AndTheEventsComeBackOnceWritable()
    {
        var dir = Path.Combine(_fx.Root, "remount");
        Directory.CreateDirectory(dir);
        Assert.Null(MountFactAttribute.Run($"-t tmpfs -o size=8m tmpfs {dir}"));
        try
        {
            var settings = _fx.Settings() with { CheckpointDir = Path.Combine(dir, "cp"), DataDirs = [Path.Combine(dir, "data")] };
            var c = new FileChannel("c1", settings);
            c.Start();
            PutCommitted(c, "a", "b");
            c.Stop();
            Assert.Null(MountFactAttribute.Run($"-o remount,ro {dir}"));
            var ex = Assert.Throws<IOException>(c.Start);
            Assert.Contains("checkpointDir", ex.Message, StringComparison.Ordinal);
            Assert.Contains("not writable", ex.Message, StringComparison.Ordinal);
            Assert.False(c.IsOpen);
            Assert.Null(MountFactAttribute.Run($"-o remount,rw {dir}"));
            c.Start();
            Assert.Equal(["a", "b"], TakeAll(c));
            c.Dispose();
        }
        finally
        {
            MountFactAttribute.Run($"-l {dir}", "umount");
        }
    }

    [Fact]
    public void JavaFlumeDirectory_IsRefused_WithAClearError()
    {
        Directory.CreateDirectory(_fx.DataDir);
        System.IO.File.WriteAllText(Path.Combine(_fx.DataDir, "log-3"), "java");
        var c = new FileChannel("c1", _fx.Settings());
        var ex = Assert.Throws<PermanentStartException>(c.Start);
        Assert.Contains("Java Flume", ex.Message, StringComparison.Ordinal);
        Assert.Contains("log-3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RolledBackTakes_ReturnToTheHead_AndSurviveARestart()
    {
        var c = _fx.Start(_fx.Settings());
        PutCommitted(c, "a", "b", "c");
        using (var tx = c.BeginTransaction())
        {
            tx.Take();
            tx.Take();
            tx.Rollback();
        }
        Assert.Equal(3, c.Count);
        c.Stop();
        Assert.Equal(["a", "b", "c"], TakeAll(_fx.Start(_fx.Settings())));
    }

    [Fact]
    public void TakenEvents_HoldCapacityUntilTheirTakeCommits()
    {
        var c = _fx.Start(_fx.Settings(2, 2));
        PutCommitted(c, "a", "b");
        using var taker = c.BeginTransaction();
        taker.Take();
        using (var putter = c.BeginTransaction())
        {
            putter.Put(Ev("c"));
            Assert.Throws<ChannelFullException>(putter.Commit);
        }
        taker.Commit();
        PutCommitted(c, "c");
        Assert.Equal(["b", "c"], TakeAll(c));
    }

    [Fact]
    public void EmptyTake_ReturnsNullAtOnce()
    {
        var c = _fx.Start(_fx.Settings() with { KeepAlive = TimeSpan.FromSeconds(30) });
        using var tx = c.BeginTransaction();
        var watch = Stopwatch.StartNew();
        Assert.Null(tx.Take());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void FullyTakenLogFiles_AreDeletedAtCheckpoint()
    {
        var settings = _fx.Settings(10_000, 100) with { MaxFileSize = 64 * 1024 };
        var c = _fx.Start(settings);
        for (var i = 0; i < 30; i++)
        {
            PutCommitted(c, Enumerable.Range(0, 100).Select(j => new string('e', 100) + j).ToArray());
        }
        Assert.True(Directory.GetFiles(_fx.DataDir, "flumenet-log-*").Length > 5);
        Assert.Equal(3000, TakeAll(c).Count);
        c.Checkpoint();
        Assert.Single(Directory.GetFiles(_fx.DataDir, "flumenet-log-*"));
        c.Stop();
        Assert.Empty(TakeAll(_fx.Start(settings)));
    }

    [Fact]
    public void FilesWithQueuedEvents_AreKept()
    {
        var settings = _fx.Settings(10_000, 100) with { MaxFileSize = 16 * 1024 };
        var c = _fx.Start(settings);
        for (var i = 0; i < 10; i++)
        {
            PutCommitted(c, Enumerable.Range(0, 50).Select(j => $"{i}-{j}-" + new string('e', 100)).ToArray());
        }
        for (var i = 0; i < 5; i++)
        {
            using var tx = c.BeginTransaction();
            for (var j = 0; j < 50; j++)
            {
                Assert.NotNull(tx.Take());
            }
            tx.Commit();
        }
        c.Checkpoint();
        c.Stop();
        Assert.Equal(250, TakeAll(_fx.Start(settings)).Count);
    }

    [Fact]
    public void SeveralDataDirs_AreUsedInTurn_AndReplayKeepsTheOrder()
    {
        var dirs = new[] { Path.Combine(_fx.Root, "d1"), Path.Combine(_fx.Root, "d2"), Path.Combine(_fx.Root, "d3") };
        var settings = _fx.Settings(1000, 10) with { DataDirs = dirs };
        var c = _fx.Start(settings);
        var expected = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            PutCommitted(c, $"e{i}");
            expected.Add($"e{i}");
        }
        Crash(c);
        foreach (var d in dirs)
        {
            Assert.NotEmpty(Directory.GetFiles(d, "flumenet-log-*"));
        }
        Assert.Equal(expected, TakeAll(_fx.Start(settings)));
    }

    [Fact]
    public void FsyncPerTransactionFalse_StillKeepsCommitsAcrossAStop()
    {
        var settings = _fx.Settings() with { FsyncPerTransaction = false, FsyncInterval = TimeSpan.FromSeconds(1) };
        var c = _fx.Start(settings);
        PutCommitted(c, "a", "b");
        Crash(c);
        Assert.Equal(["a", "b"], TakeAll(_fx.Start(settings)));
    }

    [Fact]
    public void MixedPutAndTake_InOneTransaction_IsRefused()
    {
        var c = _fx.Start(_fx.Settings());
        PutCommitted(c, "a");
        using (var tx = c.BeginTransaction())
        {
            tx.Take();
            tx.Put(Ev("b"));
            Assert.Throws<ChannelException>(tx.Commit);
        }
        Assert.Equal(["a"], TakeAll(c));
    }

    [Fact]
    public void Counters_FollowFlumeSemantics()
    {
        var c = _fx.Start(_fx.Settings());
        PutCommitted(c, "a", "b");
        using (var tx = c.BeginTransaction())
        {
            tx.Take();
            tx.Take();
            tx.Take();
            tx.Commit();
        }
        Assert.Equal(2, c.Counter.EventPutAttemptCount);
        Assert.Equal(2, c.Counter.EventPutSuccessCount);
        Assert.Equal(3, c.Counter.EventTakeAttemptCount);
        Assert.Equal(2, c.Counter.EventTakeSuccessCount);
        Assert.Equal(0, c.Counter.ChannelSize);
        Assert.Equal(100, c.Counter.Capacity);
    }
}
