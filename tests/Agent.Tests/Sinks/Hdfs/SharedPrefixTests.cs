using System.Text;
using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Hdfs.FileSystems;
using FlumeNet.Agent.Hdfs.Formats;
using FlumeNet.Agent.Serializers;
using FlumeNet.Agent.Sinks.Hdfs;

namespace FlumeNet.Agent.Tests.Sinks.Hdfs;

/// <summary>
/// Several writers on one directory and prefix, and crash leftovers, on the local filesystem (audit F1, F2, F9;
/// issue 15.1): no writer truncates or publishes another's file; own stale leftovers are finished with their torn tail cut.
/// </summary>
public sealed class SharedPrefixTests : IDisposable
{
    private const long T0 = 1_340_459_193_234;
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-hdfs-shared-").FullName;
    private readonly List<HdfsEventSink> _sinks = [];

    public void Dispose()
    {
        foreach (var sink in _sinks)
        {
            sink.Leftovers.Dispose();
        }
        Directory.Delete(_dir, recursive: true);
    }

    private static MemoryChannel NewChannel() => new("c1", new MemoryChannelOptions(100_000, 10_000, TimeSpan.FromMilliseconds(10)));

    private HdfsEventSink Sink(MemoryChannel channel, string tag, Func<HdfsSinkOptions, HdfsSinkOptions>? tune = null, string path = "", IHdfsFileSystem? fs = null)
    {
        var options = new HdfsSinkOptions
        {
            Path = _dir + path,
            RollIntervalMs = 0,
            RollSize = 0,
            RollCount = 3,
            BatchSize = 2,
            WriterTag = tag,
            CallTimeoutMs = 100,
            WriterFactory = () => new HdfsDataStreamWriter(s => new BodyTextEventSerializer(s, appendNewline: true)),
            CompleteLength = file => CompleteUnits.Lines(file),
            FinishLocalLeftoversAtOnce = false,
        };
        options = tune?.Invoke(options) ?? options;
        var context = new BucketContext { UseLocalTimeStamp = true, Clock = () => T0, TimeZone = TimeZoneInfo.Utc };
        var sink = new HdfsEventSink("k-" + tag, channel, options, fs ?? new LocalFileSystem(),
            new BucketPathTemplate(BucketPath.Compile(options.Path), context),
            new BucketPathTemplate(BucketPath.Compile(options.FilePrefix), context), () => T0);
        _sinks.Add(sink);
        sink.Start();
        return sink;
    }

    private static void Put(MemoryChannel channel, IEnumerable<string> bodies)
    {
        using var tx = channel.BeginTransaction();
        foreach (var body in bodies)
        {
            tx.Put(new FlumeEvent(Encoding.UTF8.GetBytes(body)));
        }
        tx.Commit();
    }

    private string[] Files() => [.. Directory.GetFiles(_dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_dir, f)).Order(StringComparer.Ordinal)];

    private string[] Lines() => [.. Directory.GetFiles(_dir, "*", SearchOption.AllDirectories).SelectMany(File.ReadAllLines).Order(StringComparer.Ordinal)];

    private static void WaitIdle(HdfsEventSink sink, Func<bool>? until = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(sink.Leftovers.Idle && (until?.Invoke() ?? true)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the leftover finisher did not settle within 30 s");
            Thread.Sleep(20);
        }
    }

    private void Stale(string name) => File.SetLastWriteTimeUtc(Path.Combine(_dir, name), DateTime.UtcNow.AddHours(-1));

    [Fact]
    public void TwoSinks_OneChannel_SameMillisecond_NeitherOverwritesTheOther()
    {
        // Both writers start at the same clock, so both pick the same first counter: today's CREATE truncated the other's file.
        var channel = NewChannel();
        var a = Sink(channel, "aaaa0001");
        var b = Sink(channel, "bbbb0002");
        var events = Enumerable.Range(0, 60).Select(i => "e" + i).ToList();
        for (var i = 0; i < events.Count; i += 2)
        {
            Put(channel, events.Skip(i).Take(2));
            (i / 2 % 2 == 0 ? a : b).Process();
        }
        a.Stop();
        b.Stop();
        Assert.Equal(events.Order(StringComparer.Ordinal), Lines());
        Assert.DoesNotContain(Files(), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.All(Files(), f => Assert.Matches(@"^FlumeData\.\d+$", f));
    }

    [Fact]
    public void ExistingFileOfTheSameName_IsNeverTruncated_TheNextCounterIsUsed()
    {
        File.WriteAllText(Path.Combine(_dir, $"FlumeData.{T0 + 1}"), "someone else's\n");
        File.WriteAllText(Path.Combine(_dir, $"FlumeData.{T0 + 2}.tmp"), "java flume's open file\n");
        var channel = NewChannel();
        var sink = Sink(channel, "", o => o with { RollCount = 0 });
        Put(channel, ["mine"]);
        sink.Process();
        sink.Stop();
        Assert.Equal("someone else's\n", File.ReadAllText(Path.Combine(_dir, $"FlumeData.{T0 + 1}")));
        Assert.Equal("java flume's open file\n", File.ReadAllText(Path.Combine(_dir, $"FlumeData.{T0 + 2}.tmp")));
        Assert.Equal("mine\n", File.ReadAllText(Path.Combine(_dir, $"FlumeData.{T0 + 3}")));
    }

    [Fact]
    public void InUseNames_CarryTheWriterTag_FinalNamesAreFlumes()
    {
        var channel = NewChannel();
        var sink = Sink(channel, "0123abcd", o => o with { RollCount = 0, InUsePrefix = "_" });
        Put(channel, ["x"]);
        sink.Process();
        Assert.Equal([$"_FlumeData.{T0 + 1}.0123abcd.tmp"], Files());
        sink.Stop();
        Assert.Equal([$"FlumeData.{T0 + 1}"], Files());
    }

    [Fact]
    public void OwnStaleLeftover_IsFinished_WithItsTornTailCut_OthersAreLeftAlone()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "2012", "01"));
        File.WriteAllText(Path.Combine(_dir, "2012", "01", "FlumeData.1000.own00001.tmp"), "a\nb\ntorn");
        File.WriteAllText(Path.Combine(_dir, "FlumeData.1001.own00001.tmp"), "");
        File.WriteAllText(Path.Combine(_dir, "FlumeData.1002.own00001.tmp"), "fresh\n");
        File.WriteAllText(Path.Combine(_dir, "FlumeData.1003.other002.tmp"), "other writer\n");
        File.WriteAllText(Path.Combine(_dir, "FlumeData.1004.tmp"), "java flume\n");
        Stale(Path.Combine("2012", "01", "FlumeData.1000.own00001.tmp"));
        Stale("FlumeData.1001.own00001.tmp");
        Stale("FlumeData.1003.other002.tmp");
        Stale("FlumeData.1004.tmp");
        // A long safe age keeps the fresh file out of reach for the whole test.
        var sink = Sink(NewChannel(), "own00001", o => o with { CallTimeoutMs = 600_000 }, path: "/%Y/%m");
        WaitIdle(sink, () => sink.Leftovers.Finished >= 1 && !File.Exists(Path.Combine(_dir, "FlumeData.1001.own00001.tmp")));
        Assert.Equal("a\nb\n", File.ReadAllText(Path.Combine(_dir, "2012", "01", "FlumeData.1000")));
        Assert.Equal(
            [Path.Combine("2012", "01", "FlumeData.1000"), "FlumeData.1002.own00001.tmp", "FlumeData.1003.other002.tmp", "FlumeData.1004.tmp"],
            Files());
    }

    [Fact]
    public void YoungLeftover_IsFinishedOnceItIsStale()
    {
        File.WriteAllText(Path.Combine(_dir, "FlumeData.1000.own00001.tmp"), "late\n");
        var sink = Sink(NewChannel(), "own00001", o => o with { CallTimeoutMs = 500 });
        Assert.True(File.Exists(Path.Combine(_dir, "FlumeData.1000.own00001.tmp")));
        WaitIdle(sink, () => File.Exists(Path.Combine(_dir, "FlumeData.1000")));
        Assert.Equal("late\n", File.ReadAllText(Path.Combine(_dir, "FlumeData.1000")));
    }

    [Fact]
    public void LocalLeftover_IsFinishedAtOnce_WhenThisProcessHoldsTheWritersLock()
    {
        var tag = "lock" + Environment.ProcessId.ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(_dir, $"FlumeData.1000.{tag}.tmp"), "just now\n");
        var sink = Sink(NewChannel(), tag, o => o with { CallTimeoutMs = 600_000, FinishLocalLeftoversAtOnce = true });
        WaitIdle(sink, () => File.Exists(Path.Combine(_dir, "FlumeData.1000")));
    }

    [Fact]
    public void UnknownFormat_IsPublishedAsPartial()
    {
        File.WriteAllBytes(Path.Combine(_dir, "FlumeData.1000.own00001.tmp"), [1, 2, 3]);
        Stale("FlumeData.1000.own00001.tmp");
        var sink = Sink(NewChannel(), "own00001", o => o with { CompleteLength = null });
        WaitIdle(sink, () => File.Exists(Path.Combine(_dir, "FlumeData.1000.partial")));
    }

    [Fact]
    public void FileOpenInThisProcess_IsNeverFinished_EvenWhenStale()
    {
        var channel = NewChannel();
        var writer = Sink(channel, "own00001", o => o with { RollCount = 0 });
        Put(channel, ["open"]);
        writer.Process();
        var open = Assert.Single(Files());
        Stale(open);
        // A second instance of the same sink (a reload) walks the same tree.
        var again = Sink(NewChannel(), "own00001");
        WaitIdle(again);
        Assert.Equal([open], Files());
        writer.Stop();
        Assert.Equal([$"FlumeData.{T0 + 1}"], Files());
    }

    [Theory]
    [InlineData("/flume/events", "/flume/events")]
    [InlineData("/flume/events/", "/flume/events")]
    [InlineData("/flume/events/%Y-%m-%d/%H", "/flume/events")]
    [InlineData("/flume/events/day=%Y%m%d", "/flume/events")]
    [InlineData("/%{topic}/x", "/")]
    [InlineData("/", "/")]
    public void LeftoverWalk_StartsAtTheTemplatesFixedDirectory_NeverItsParent(string template, string root) =>
        Assert.Equal(root, LeftoverFinisher.FixedRoot(template));

    [Fact]
    public void FileClosedButNotYetRenamed_IsNotFinishedByAWalkOfThisProcess()
    {
        // A roll closes the file; its rename waits (refused now, retried later). A walk in between (a bucket first seen,
        // a reload) must not take it for a crash leftover: the sink's own rename publishes it.
        var channel = NewChannel();
        var fs = new FailingFileSystem { FailRenames = true };
        var writer = Sink(channel, "own00001", o => o with { RollCount = 2 }, fs: fs);
        Put(channel, ["a1", "a2"]);
        writer.Process();
        Put(channel, ["b1"]);
        writer.Process();
        var inUse = Files().Where(f => f.EndsWith(".tmp", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, inUse.Count);
        inUse.ForEach(Stale);
        var again = Sink(NewChannel(), "own00001");
        WaitIdle(again);
        Assert.Equal(inUse, Files());
        fs.FailRenames = false;
        writer.Stop();
        Assert.Equal([$"FlumeData.{T0 + 1}", $"FlumeData.{T0 + 2}"], Files());
        Assert.Equal(["a1", "a2", "b1"], Lines());
    }

    [Fact]
    public void FailedFlush_ClosesOnlyTheFailingWriter_AndItsFileIsCutBackBeforePublishing()
    {
        var channel = NewChannel();
        var fs = new FailingFileSystem();
        var sink = Sink(channel, "own00001", o => o with { RollCount = 0, BatchSize = 10 }, fs: fs);
        Put(channel, ["good1", "good2"]);
        sink.Process();
        fs.FailNextFlush = true;
        Put(channel, ["lost1", "lost2"]);
        Assert.Throws<EventDeliveryException>(() => sink.Process());
        Assert.Equal(2, channel.Count);
        Assert.Equal(0, sink.OpenWriters);
        // The file holds the failed batch's bytes, but is not published with them.
        Assert.Contains(Files(), f => f.EndsWith(".own00001.tmp", StringComparison.Ordinal));
        WaitIdle(sink, () => File.Exists(Path.Combine(_dir, $"FlumeData.{T0 + 1}")));
        Assert.Equal("good1\ngood2\n", File.ReadAllText(Path.Combine(_dir, $"FlumeData.{T0 + 1}")));
        sink.Process();
        sink.Stop();
        Assert.Equal(["good1", "good2", "lost1", "lost2"], Lines());
    }

    /// <summary>The local disk, with a flush that writes its bytes and then fails, as a cut upload does.</summary>
    private sealed class FailingFileSystem : IHdfsFileSystem
    {
        private readonly LocalFileSystem _local = new();

        public bool FailNextFlush { get; set; }

        public bool FailRenames { get; set; }

        public string Description => "failing";

        public Stream Create(string path) => new Failing(this, _local.Create(path));

        public bool Exists(string path) => _local.Exists(path);

        public HdfsFileStatus? Status(string path) => _local.Status(path);

        public bool Rename(string from, string to) => FailRenames ? throw new IOException("rename refused") : _local.Rename(from, to);

        public IReadOnlyList<string> ListFiles(string directory) => _local.ListFiles(directory);

        public IReadOnlyList<HdfsFileStatus> List(string directory) => _local.List(directory);

        public Stream OpenRead(string path) => _local.OpenRead(path);

        public void Truncate(string path, long length) => _local.Truncate(path, length);

        public bool Delete(string path) => _local.Delete(path);

        private sealed class Failing(FailingFileSystem owner, Stream inner) : Stream
        {
            public override bool CanRead => false;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => inner.Length;

            public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

            public override void Flush()
            {
                inner.Flush();
                if (owner.FailNextFlush)
                {
                    owner.FailNextFlush = false;
                    throw new IOException("the upload was cut");
                }
            }

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }
                base.Dispose(disposing);
            }
        }
    }
}
