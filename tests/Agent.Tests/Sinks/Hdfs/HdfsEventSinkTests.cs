using System.Text;
using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Hdfs.FileSystems;
using FlumeNet.Agent.Hdfs.Formats;
using FlumeNet.Agent.Serializers;
using FlumeNet.Agent.Sinks.Hdfs;

namespace FlumeNet.Agent.Tests.Sinks.Hdfs;

/// <summary>The HDFS sink on the local filesystem: naming, rolling, flush-before-commit, rollback, leftovers (hdfs-sink.md §3, Flume's TestBucketWriter and TestHDFSEventSink).</summary>
public sealed class HdfsEventSinkTests : IDisposable
{
    private const long T0 = 1_340_459_193_234;
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-hdfs-").FullName;
    private long _now = T0;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private MemoryChannel Channel { get; } = new("c1", new MemoryChannelOptions(100_000, 10_000, TimeSpan.FromMilliseconds(10)));

    private HdfsEventSink Sink(Func<HdfsSinkOptions, HdfsSinkOptions>? tune = null, string path = "", string prefix = "FlumeData")
    {
        var options = new HdfsSinkOptions
        {
            Path = _dir + path,
            FilePrefix = prefix,
            RollIntervalMs = 0,
            RollSize = 0,
            RollCount = 0,
            BatchSize = 100,
            WriterFactory = () => new HdfsDataStreamWriter(s => new BodyTextEventSerializer(s, appendNewline: true)),
        };
        options = tune?.Invoke(options) ?? options;
        var context = new BucketContext { UseLocalTimeStamp = options.UseLocalTimeStamp, Clock = () => _now, TimeZone = TimeZoneInfo.Utc };
        var sink = new HdfsEventSink("k1", Channel, options, new LocalFileSystem(),
            new BucketPathTemplate(BucketPath.Compile(options.Path), context),
            new BucketPathTemplate(BucketPath.Compile(options.FilePrefix), context), () => _now);
        sink.Start();
        return sink;
    }

    private void Put(int count, string body = "foo", string? timestamp = null)
    {
        for (var done = 0; done < count; done += 1000)
        {
            using var tx = Channel.BeginTransaction();
            for (var i = done; i < Math.Min(count, done + 1000); i++)
            {
                var e = new FlumeEvent(Encoding.UTF8.GetBytes(body));
                if (timestamp is not null)
                {
                    e.Headers["timestamp"] = timestamp;
                }
                tx.Put(e);
            }
            tx.Commit();
        }
    }

    private static void Drain(HdfsEventSink sink)
    {
        while (sink.Process() == ProcessStatus.Ready)
        {
        }
    }

    private string[] Files(string sub = "") => [.. Directory.GetFiles(_dir + sub, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Fact]
    public void CountRoller_1000EventsOf100_MakeTenFiles()
    {
        var sink = Sink(o => o with { RollCount = 100 });
        Put(1000);
        Drain(sink);
        sink.Stop();
        var files = Files();
        Assert.Equal(10, files.Length);
        Assert.All(files, f => Assert.Equal(100, File.ReadAllLines(Path.Combine(_dir, f)).Length));
        Assert.Equal($"FlumeData.{T0 + 1}", files[0]);
        Assert.Equal($"FlumeData.{T0 + 10}", files[^1]);
    }

    [Fact]
    public void SizeRoller_CountsBodyBytes_AndRollsBeforeTheWrite()
    {
        var sink = Sink(o => o with { RollSize = 300 });
        Put(1000);
        Drain(sink);
        sink.Stop();
        Assert.Equal(10, Files().Length);
    }

    [Fact]
    public void TextBatchAppend_RollCount10_Batch2_Makes10Files()
    {
        var sink = Sink(o => o with { RollCount = 10, BatchSize = 2 });
        for (var i = 0; i < 50; i++)
        {
            Put(2);
            sink.Process();
        }
        sink.Stop();
        Assert.Equal(10, Files().Length);
    }

    [Fact]
    public void OpenFile_HasTheInUseName_UntilItIsClosed()
    {
        var sink = Sink(o => o with { InUsePrefix = "_", FileSuffix = ".avro" });
        Put(3);
        sink.Process();
        Assert.Equal([$"_FlumeData.{T0 + 1}.avro.tmp"], Files());
        sink.Stop();
        Assert.Equal([$"FlumeData.{T0 + 1}.avro"], Files());
    }

    [Fact]
    public void CodecExtension_IsUsed_UnlessASuffixIsSet()
    {
        var gz = Sink(o => o with { CodecExtension = ".gz", WriterFactory = () => new HdfsCompressedStreamWriter(GzipCodec.Instance, s => new BodyTextEventSerializer(s, true)) });
        Put(1);
        gz.Process();
        Assert.Equal([$"FlumeData.{T0 + 1}.gz.tmp"], Files());
        gz.Stop();
        Assert.Equal([$"FlumeData.{T0 + 1}.gz"], Files());
    }

    [Fact]
    public void EmptyInUseSuffix_WritesUnderTheFinalName()
    {
        var sink = Sink(o => o with { InUseSuffix = string.Empty });
        Put(1);
        sink.Process();
        Assert.Equal([$"FlumeData.{T0 + 1}"], Files());
        sink.Stop();
        Assert.Equal([$"FlumeData.{T0 + 1}"], Files());
    }

    [Fact]
    public void IntervalRoll_ClosesTheFile_EvenWithoutNewEvents()
    {
        var sink = Sink(o => o with { RollIntervalMs = 1000 });
        Put(9);
        sink.Process();
        _now += 2000;
        sink.Process();
        Assert.Equal([$"FlumeData.{T0 + 1}"], Files());
        Put(1);
        sink.Process();
        sink.Stop();
        Assert.Equal(2, Files().Length);
    }

    [Fact]
    public void IdleTimeout_ClosesIdleFiles_NoTmpLeft()
    {
        var sink = Sink(o => o with { IdleTimeoutMs = 1000, BatchSize = 2 });
        Put(2);
        sink.Process();
        _now += 1100;
        Put(2);
        sink.Process();
        _now += 500;
        Put(2);
        sink.Process();
        sink.Stop();
        var files = Files();
        Assert.Equal(2, files.Length);
        Assert.DoesNotContain(files, f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void TimeEscapes_UseTheTimestampHeader_InTheConfiguredZone()
    {
        var sink = Sink(path: "/%Y-%m-%d/%H");
        Put(2, timestamp: T0.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Drain(sink);
        sink.Stop();
        Assert.True(Directory.Exists(Path.Combine(_dir, "2012-06-23", "13")));
    }

    [Fact]
    public void MissingTimestamp_RollsBackTheBatch_NothingIsLost()
    {
        var sink = Sink(path: "/%Y");
        Put(5);
        var ex = Assert.Throws<EventDeliveryException>(() => sink.Process());
        Assert.Contains("timestamp", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("event headers: none", ex.Message, StringComparison.Ordinal);
        Assert.Equal(5, Channel.Count);
        Assert.Equal(1, sink.Counter.EventWriteFail);
    }

    [Fact]
    public void UnparsableTimestamp_NamesTheEvent_WithoutSecretHeaderValues()
    {
        var sink = Sink(path: "/%Y");
        using (var tx = Channel.BeginTransaction())
        {
            var e = new FlumeEvent("x"u8.ToArray());
            e.Headers["timestamp"] = "yesterday";
            e.Headers["password"] = "VERY_SECRET_VALUE_123";
            tx.Put(e);
            tx.Commit();
        }
        var ex = Assert.Throws<EventDeliveryException>(() => sink.Process());
        Assert.Contains("timestamp=yesterday", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("VERY_SECRET", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, Channel.Count);
    }

    [Fact]
    public void UseLocalTimeStamp_UsesTheClock()
    {
        var sink = Sink(o => o with { UseLocalTimeStamp = true }, path: "/%s");
        Put(6);
        Drain(sink);
        sink.Stop();
        Assert.True(Directory.Exists(Path.Combine(_dir, (T0 / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void MaxOpenFiles_ClosesTheLeastRecentlyUsedBucket()
    {
        var sink = Sink(o => o with { MaxOpenFiles = 2 }, prefix: "%{k}");
        using (var tx = Channel.BeginTransaction())
        {
            foreach (var k in new[] { "a", "b", "c" })
            {
                var e = new FlumeEvent("x"u8.ToArray());
                e.Headers["k"] = k;
                tx.Put(e);
            }
            tx.Commit();
        }
        sink.Process();
        Assert.Equal(2, sink.OpenWriters);
        Assert.Contains($"a.{T0 + 1}", Files());
        sink.Stop();
    }
}
