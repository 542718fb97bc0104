using System.Text;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Sources.Taildir;

namespace FlumeNet.Agent.Tests.Sources.Taildir;

/// <summary>
/// The TAILDIR source (reference §6) against a real memory channel: Flume's TestTaildirSource and
/// TestTaildirEventReader cases, the position file in Flume's format, rotation, truncation, deletion, partial lines.
/// </summary>
public sealed class TaildirSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-taildir-").FullName;
    private readonly SourceHarness _h = new(capacity: 10_000, transactionCapacity: 1000);
    private readonly List<TaildirSource> _sources = [];

    private string Logs => Path.Combine(_dir, "logs");

    private string PositionPath => Path.Combine(_dir, "pos", "taildir_position.json");

    public TaildirSourceTests() => Directory.CreateDirectory(Logs);

    public void Dispose()
    {
        foreach (var s in _sources)
        {
            s.Stop();
        }
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void NewLineBoundaries_OnlyACarriageReturnBeforeTheNewlineIsDropped()
    {
        // TestTaildirEventReader.testNewLineBoundaries
        File.WriteAllText(Path.Combine(Logs, "file1"), "file1line1\nfile1line2\rfile1line2\nfile1line3\r\nfile1line4\n");
        var source = Start();
        source.Process();
        Assert.Equal(["file1line1", "file1line2\rfile1line2", "file1line3", "file1line4"], _h.WaitFor(4));
    }

    [Fact]
    public void BodiesAreRawBytes_EmptyLinesAreEvents_AndThereIsNoLineLimit()
    {
        var longLine = new string('x', 300_000);
        File.WriteAllBytes(Path.Combine(Logs, "raw.log"), [0xFF, 0xFE, (byte)'\n', (byte)'\n', .. Encoding.ASCII.GetBytes(longLine + "\n")]);
        var source = Start();
        source.Process();
        _h.WaitFor(3);
        Assert.Equal(new byte[] { 0xFF, 0xFE }, _h.Received[0].Body);
        Assert.Empty(_h.Received[1].Body);
        Assert.Equal(300_000, _h.Received[2].Body.Length);
    }

    [Fact]
    public void ByteOffsetHeader_IsTheOffsetOfEachLineStart()
    {
        // TestTaildirSource.testByteOffsetHeader
        File.WriteAllText(Path.Combine(Logs, "file1"), "line1\nline2\r\nline3\n");
        var source = Start(o => o with { ByteOffsetHeader = true });
        source.Process();
        _h.WaitFor(3);
        Assert.Equal(["0", "6", "13"], _h.Received.Select(e => e.Header("byteoffset")!));
    }

    [Fact]
    public void GroupHeaders_AndTheFileHeader_AreOnEveryEventOfTheGroup()
    {
        // TestTaildirSource.testHeaderMapping and testPutFilenameHeader
        var a = Path.Combine(_dir, "a");
        var b = Path.Combine(_dir, "b");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(b);
        File.WriteAllText(Path.Combine(a, "file1.txt"), "a1\n");
        File.WriteAllText(Path.Combine(b, "file2.log"), "b1\n");
        var source = Start(o => o with
        {
            FileGroups =
            [
                new TaildirFileGroup("f1", Path.Combine(a, @"file1\.txt"), new Dictionary<string, string> { ["headerKeyTest"] = "value1", ["dotted.key"] = "d" }),
                new TaildirFileGroup("f2", Path.Combine(b, @".*\.log"), new Dictionary<string, string> { ["headerKeyTest"] = "value2" }),
            ],
            FileHeaderKey = "path",
        });
        source.Process();
        _h.WaitFor(2);
        var e1 = _h.Received.Single(e => SourceHarness.Text(e) == "a1");
        var e2 = _h.Received.Single(e => SourceHarness.Text(e) == "b1");
        Assert.Equal("value1", e1.Header("headerKeyTest"));
        Assert.Equal("d", e1.Header("dotted.key"));
        Assert.Equal("value2", e2.Header("headerKeyTest"));
        Assert.Equal(Path.Combine(a, "file1.txt"), e1.Header("path"));
        Assert.Null(e1.Header("byteoffset"));
    }

    [Fact]
    public void FilePattern_IsAJavaRegexOnTheWholeName_AndSkipsDirectories()
    {
        // TestTaildirMatcher: regex on the file name, no recursion, directories excluded.
        File.WriteAllText(Path.Combine(Logs, "app.log"), "yes\n");
        File.WriteAllText(Path.Combine(Logs, "app.log.gz"), "no\n");
        File.WriteAllText(Path.Combine(Logs, "x-app.log"), "no\n");
        Directory.CreateDirectory(Path.Combine(Logs, "dir.log"));
        File.WriteAllText(Path.Combine(Logs, "dir.log", "inner.log"), "no\n");
        var source = Start(o => o with { FileGroups = [new TaildirFileGroup("f1", Path.Combine(Logs, @"\w+\.log"), new Dictionary<string, string>())] });
        source.Process();
        Assert.Equal(["yes"], _h.WaitFor(1));
        Assert.Equal(0, _h.Drain());
    }

    [Fact]
    public void Files_AreReadOldestFirst()
    {
        // TestTaildirSource.testFileConsumeOrder
        var now = DateTime.UtcNow;
        foreach (var (name, age) in new[] { ("c", 10), ("a", 30), ("b", 20) })
        {
            var p = Path.Combine(Logs, name);
            File.WriteAllText(p, name + "\n");
            File.SetLastWriteTimeUtc(p, now.AddSeconds(-age));
        }
        var source = Start();
        source.Process();
        Assert.Equal(["a", "b", "c"], _h.WaitFor(3));
    }

    [Fact]
    public void PartialLastLine_IsHeldUntilItsNewline_OrUntilIdleClose()
    {
        var p = Path.Combine(Logs, "app.log");
        File.WriteAllText(p, "one\ntw");
        var source = Start(o => o with { IdleTimeout = TimeSpan.FromHours(1) });
        source.Process();
        Assert.Equal(["one"], _h.WaitFor(1));
        source.Process();
        Assert.Equal(0, _h.Drain());
        File.AppendAllText(p, "o\nthr");
        source.Process();
        Assert.Equal(["one", "two"], _h.WaitFor(2));

        var idle = Start(o => o with { IdleTimeout = TimeSpan.FromMilliseconds(-1) }, positionFile: Path.Combine(_dir, "other.json"));
        idle.Process();
        // The idle check drains the file, partial line included, then closes it.
        Assert.Contains("thr", _h.WaitFor(5));
        Assert.All(idle.TailFiles, tf => Assert.False(tf.IsOpen));
    }

    [Fact]
    public void PositionFile_IsWrittenInGsonsFormat_WithOnlyStoredPositions()
    {
        var p = Path.Combine(Logs, "a<b>&c='d'.log");
        File.WriteAllText(p, "l1\nl2\n");
        var source = Start();
        source.Process();
        source.WritePositions();
        var inode = UnixFileStat.OfPath(p)!.Value.Inode;
        // Committed to the channel, not yet taken by a sink: the position stays at 0.
        Assert.Equal($"[{{\"inode\":{inode},\"pos\":0,\"file\":\"{Escaped(p)}\"}}]", File.ReadAllText(PositionPath));
        _h.WaitFor(2);
        source.WritePositions();
        Assert.Equal($"[{{\"inode\":{inode},\"pos\":6,\"file\":\"{Escaped(p)}\"}}]", File.ReadAllText(PositionPath));
        Assert.Contains("\\u003c", File.ReadAllText(PositionPath), StringComparison.Ordinal);
    }

    [Fact]
    public void PositionFile_WrittenByFlume_IsResumed()
    {
        var p = Path.Combine(Logs, "app.log");
        File.WriteAllText(p, "old1\nold2\nnew1\nnew2\n");
        var inode = UnixFileStat.OfPath(p)!.Value.Inode;
        Directory.CreateDirectory(Path.GetDirectoryName(PositionPath)!);
        // As Gson writes it, keys in another order than ours (Gson's reader accepts any order), with an unrelated entry.
        File.WriteAllText(PositionPath, $"[{{\"pos\":10,\"inode\":{inode},\"file\":\"{p}\"}},{{\"inode\":1,\"pos\":5,\"file\":\"/gone.log\"}}]");
        var source = Start();
        source.Process();
        Assert.Equal(["new1", "new2"], _h.WaitFor(2));
    }

    [Fact]
    public void PositionFile_ForTheSameInodeAtAnotherPath_IsNotAppliedFromAnOlderFile()
    {
        var p = Path.Combine(Logs, "app.log");
        File.WriteAllText(p, "a\nb\n");
        var inode = UnixFileStat.OfPath(p)!.Value.Inode;
        Directory.CreateDirectory(Path.GetDirectoryName(PositionPath)!);
        File.WriteAllText(PositionPath, $"[{{\"inode\":{inode},\"pos\":2,\"file\":\"{Path.Combine(Logs, "old.log")}\"}}]");
        // The file was born after the position file was written: a reused inode, not a rename, so it is read from 0.
        File.SetLastWriteTimeUtc(PositionPath, DateTime.UtcNow.AddMinutes(-5));
        var source = Start();
        source.Process();
        Assert.Equal(["a", "b"], _h.WaitFor(2));
    }

    [Fact]
    public void PositionFile_RenamedWhileStopped_ResumesAtItsPosition()
    {
        var p = Path.Combine(Logs, "app.log");
        File.WriteAllText(p, "a\nb\n");
        var source = Start(o => o with { FileGroups = [new TaildirFileGroup("f1", Path.Combine(Logs, @"app\.log.*"), new Dictionary<string, string>())] });
        source.Process();
        _h.WaitFor(2);
        source.Stop();
        _sources.Remove(source);
        File.Move(p, p + ".1");
        File.AppendAllText(p + ".1", "c\n");
        var again = Start(o => o with { FileGroups = [new TaildirFileGroup("f1", Path.Combine(Logs, @"app\.log.*"), new Dictionary<string, string>())] });
        again.Process();
        Assert.Equal(["a", "b", "c"], _h.WaitFor(3));
        Assert.Equal(0, _h.Drain());
    }

    [Fact]
    public void PositionFile_SyntaxErrorIsIgnored_ButAnUnknownKeyFailsTheStart()
    {
        // T17: an empty file or bad JSON is logged and ignored; a structural problem fails every start.
        var p = Path.Combine(Logs, "app.log");
        File.WriteAllText(p, "x\n");
        Directory.CreateDirectory(Path.GetDirectoryName(PositionPath)!);
        File.WriteAllText(PositionPath, "[{\"inode\":1,");
        var source = Start();
        source.Process();
        Assert.Equal(["x"], _h.WaitFor(1));
        source.Stop();
        _sources.Remove(source);

        File.WriteAllText(PositionPath, "[{\"inode\":1,\"pos\":2,\"file\":\"/x\",\"extra\":3}]");
        var bad = new TaildirSource("r1", Options(), _h.Processor);
        var ex = Assert.Throws<IOException>(bad.Start);
        Assert.Contains("unknown key", ex.Message, StringComparison.Ordinal);
        File.WriteAllText(PositionPath, "{}");
        Assert.Throws<IOException>(bad.Start);
        File.WriteAllText(PositionPath, "[{\"inode\":1,\"file\":\"/x\"}]");
        Assert.Throws<IOException>(bad.Start);
    }

    [Fact]
    public void EmptyMatchSet_WritesAnEmptyPositionFile()
    {
        var source = Start();
        source.Process();
        source.WritePositions();
        Assert.Equal(string.Empty, File.ReadAllText(PositionPath));
    }

    [Fact]
    public void RotationByRename_ToAMatchingName_IsFollowedWithoutDuplicates()
    {
        var p = Path.Combine(Logs, "app.log");
        File.WriteAllText(p, "1\n2\n");
        var source = Start(o => o with { FileGroups = [new TaildirFileGroup("f1", Path.Combine(Logs, @"app\.log.*"), new Dictionary<string, string>())] });
        source.Process();
        _h.WaitFor(2);
        File.AppendAllText(p, "3\n");
        File.Move(p, p + ".1");
        File.WriteAllText(p, "4\n");
        source.Process();
        Assert.Equal(["1", "2", "3", "4"], _h.WaitFor(4).Order(StringComparer.Ordinal));
        Assert.Equal(0, _h.Drain());
    }

    [Fact]
    public void RotationByRename_ToANonMatchingName_DrainsTheOldFileAtIdleClose()
    {
        var p = Path.Combine(Logs, "app.log");
        File.WriteAllText(p, "1\n");
        var source = Start(o => o with { FileGroups = [new TaildirFileGroup("f1", Path.Combine(Logs, @"app\.log"), new Dictionary<string, string>())] });
        source.Process();
        _h.WaitFor(1);
        var oldInode = UnixFileStat.OfPath(p)!.Value.Inode;
        File.AppendAllText(p, "2\n");
        File.Move(p, Path.Combine(Logs, "app.old"));
        File.WriteAllText(p, "3\n");
        source.Process();
        Assert.Equal(["1", "3"], _h.WaitFor(2));
        // Flume's behaviour: the renamed-away file is read once more when the idle check closes it.
        source.TailFiles.Single(tf => tf.Inode == oldInode).LastUpdated = 0;
        source.ForceIdleCheck();
        source.Process();
        Assert.Equal(["1", "3", "2"], _h.WaitFor(3));
    }

    [Fact]
    public void CopyTruncate_ReadsTheFileAgainFromTheStart()
    {
        var p = Path.Combine(Logs, "app.log");
        File.WriteAllText(p, "first line\nsecond line\n");
        var source = Start();
        source.Process();
        _h.WaitFor(2);
        File.Copy(p, Path.Combine(_dir, "copy"));
        using (var f = new FileStream(p, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            f.SetLength(0);
        }
        File.AppendAllText(p, "after\n");
        source.Process();
        Assert.Equal(["first line", "second line", "after"], _h.WaitFor(3));
    }

    [Fact]
    public void DeleteAndRecreate_ReadsTheNewFileFromTheStart()
    {
        var p = Path.Combine(Logs, "app.log");
        File.WriteAllText(p, "old\n");
        var source = Start();
        source.Process();
        _h.WaitFor(1);
        // The source's open handle keeps the old inode alive, so the new file cannot reuse it.
        File.Delete(p);
        File.WriteAllText(p, "new one\n");
        source.Process();
        Assert.Equal(["old", "new one"], _h.WaitFor(2));
        source.WritePositions();
        var inode = UnixFileStat.OfPath(p)!.Value.Inode;
        Assert.Equal($"[{{\"inode\":{inode},\"pos\":8,\"file\":\"{p}\"}}]", File.ReadAllText(PositionPath));
    }

    [Fact]
    public void RefusedBatch_IsReadAgainFromTheCommittedPosition()
    {
        // TestTaildirEventReader.testBasicCommitFailure: nothing lost, nothing duplicated.
        var h = new SourceHarness(capacity: 3, transactionCapacity: 3, keepAlive: TimeSpan.Zero);
        File.WriteAllText(Path.Combine(Logs, "app.log"), "1\n2\n3\n4\n5\n");
        var source = new TaildirSource("r1", Options() with { BatchSize = 3 }, h.Processor);
        _sources.Add(source);
        source.Start();
        source.Process();
        Assert.Equal(3, h.Drain());
        source.Process();
        Assert.Equal(["1", "2", "3", "4", "5"], h.WaitFor(5));
        Assert.Equal(1, source.Counter.ChannelWriteFail);
    }

    [Fact]
    public void ChannelFull_CountsAWriteFailure_AndRetries()
    {
        var h = new SourceHarness(capacity: 2, transactionCapacity: 2, keepAlive: TimeSpan.Zero);
        File.WriteAllText(Path.Combine(Logs, "app.log"), "1\n2\n3\n4\n");
        var source = new TaildirSource("r1", Options() with { BatchSize = 2 }, h.Processor);
        _sources.Add(source);
        source.Start();
        Assert.Equal(ProcessStatus.Backoff, source.Process());
        Assert.Equal(1, source.Counter.ChannelWriteFail);
        Assert.Equal(2, h.Drain());
        source.Process();
        Assert.Equal(["1", "2", "3", "4"], h.WaitFor(4));
        Assert.Equal(4, source.Counter.EventAcceptedCount);
    }

    [Fact]
    public void SkipToEnd_StartsFilesFoundAtStartAtTheirEnd_ButNewFilesAtZero()
    {
        File.WriteAllText(Path.Combine(Logs, "old.log"), "skipped\n");
        var source = Start(o => o with { SkipToEnd = true });
        File.AppendAllText(Path.Combine(Logs, "old.log"), "kept\n");
        File.WriteAllText(Path.Combine(Logs, "new.log"), "new\n");
        source.Process();
        Assert.Equal(["kept", "new"], _h.WaitFor(2).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void MaxBatchCount_MovesOnAfterThatManyBatches_AndReportsReady()
    {
        // TestTaildirSource.testMaxBatchCount
        File.WriteAllText(Path.Combine(Logs, "a.log"), string.Concat(Enumerable.Range(0, 10).Select(i => $"a{i}\n")));
        var source = Start(o => o with { BatchSize = 2, MaxBatchCount = 2 });
        Assert.Equal(ProcessStatus.Ready, source.Process());
        Assert.Equal(4, _h.Drain());
        Assert.Equal(ProcessStatus.Ready, source.Process());
        source.Process();
        Assert.Equal(10, _h.WaitFor(10).Count);
    }

    [Fact]
    public void Stop_WritesPositions_AndARestartContinues()
    {
        var p = Path.Combine(Logs, "app.log");
        File.WriteAllText(p, "1\n2\n");
        var source = Start();
        source.Process();
        _h.WaitFor(2);
        source.Stop();
        _sources.Remove(source);
        File.AppendAllText(p, "3\n");
        var again = Start();
        again.Process();
        Assert.Equal(["1", "2", "3"], _h.WaitFor(3));
    }

    [Fact]
    public void MissingDirectory_FailsTheStart()
    {
        var source = new TaildirSource("r1", Options() with
        {
            FileGroups = [new TaildirFileGroup("f1", Path.Combine(_dir, "nope", ".*"), new Dictionary<string, string>())],
        }, _h.Processor);
        var ex = Assert.Throws<IOException>(source.Start);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binding_DropsGroupsWithoutAPath_AndRefusesWhenNoneRemain()
    {
        var o = SourceHarness.Options(FileSourceSpecs.Taildir,
            ("filegroups", "f1 f2"), ("filegroups.f1", Logs + "/.*\\.log"), ("headers.f1.k.x", "v"), ("positionFile", PositionPath),
            ("maxBatchCount", "0"), ("fileHeader", "true"));
        var bound = TaildirSourceBinding.Bind(o);
        var g = Assert.Single(bound.FileGroups);
        Assert.Equal("f1", g.Name);
        Assert.Equal("v", g.Headers["k.x"]);
        Assert.Equal(long.MaxValue, bound.MaxBatchCount);
        Assert.Equal("file", bound.FileHeaderKey);
        Assert.Equal(TimeSpan.FromMilliseconds(120000), bound.IdleTimeout);
        Assert.Equal(100, bound.BatchSize);
        Assert.EndsWith("/.flume/taildir_position.json", TaildirSourceBinding.Bind(SourceHarness.Options(FileSourceSpecs.Taildir,
            ("filegroups", "f1"), ("filegroups.f1", Logs + "/x"))).PositionFile, StringComparison.Ordinal);

        var none = SourceHarness.Options(FileSourceSpecs.Taildir, ("filegroups", "f2"));
        Assert.Throws<ArgumentException>(() => TaildirSourceBinding.Bind(none));
        var relative = SourceHarness.Options(FileSourceSpecs.Taildir, ("filegroups", "f1"), ("filegroups.f1", "app.log"));
        Assert.Throws<ArgumentException>(() => TaildirSourceBinding.Bind(relative));
    }

    private static string Escaped(string path)
    {
        var sb = new StringBuilder();
        PositionFile.AppendGsonString(sb, path);
        return sb.ToString()[1..^1];
    }

    private TaildirSourceOptions Options() => new()
    {
        FileGroups = [new TaildirFileGroup("f1", Path.Combine(Logs, ".*"), new Dictionary<string, string>())],
        PositionFile = PositionPath,
        WritePosInitialDelay = TimeSpan.FromHours(1),
        WritePosInterval = TimeSpan.FromHours(1),
        IdleTimeout = TimeSpan.FromHours(1),
        IdleCheckInterval = TimeSpan.Zero,
        StopDrainTimeout = TimeSpan.FromMilliseconds(200),
    };

    private TaildirSource Start(Func<TaildirSourceOptions, TaildirSourceOptions>? edit = null, string? positionFile = null)
    {
        var options = Options();
        if (positionFile is not null)
        {
            options = options with { PositionFile = positionFile };
        }
        options = edit?.Invoke(options) ?? options;
        var source = new TaildirSource("r1", options, _h.Processor);
        _sources.Add(source);
        source.Start();
        return source;
    }
}
