using System.Text;
using Avro;
using Avro.File;
using Avro.Generic;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Sources.SpoolDir;
using FlumeNet.Agent.Sources.SpoolDir.Deserializers;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.Agent.Tests.Sources.SpoolDir;

/// <summary>
/// The spooling directory source (reference §7) against a real memory channel: Flume's TestSpoolDirectorySource and
/// TestReliableSpoolingFileEventReader cases, the tracker, completion after the sinks stored, quarantine.
/// </summary>
public sealed class SpoolDirSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-spool-").FullName;
    private readonly List<SpoolDirSource> _sources = [];

    private string Spool => Path.Combine(_dir, "spool");

    public SpoolDirSourceTests() => Directory.CreateDirectory(Spool);

    public void Dispose()
    {
        foreach (var s in _sources)
        {
            s.Stop();
        }
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Lines_BecomeEvents_AndTheFileIsRenamedOnlyAfterTheSinksStoredIt()
    {
        var h = new SourceHarness();
        var file = Path.Combine(Spool, "a.log");
        File.WriteAllText(file, "a\r\nb\n");
        Start(h);
        SourceHarness.WaitUntil(() => h.Channel.Count == 2, "the lines in the channel");
        Thread.Sleep(300);
        Assert.True(File.Exists(file), "completed before the sinks took the lines");
        Assert.Equal(["a\r", "b"], h.WaitFor(2));
        SourceHarness.WaitUntil(() => File.Exists(file + ".COMPLETED"), "the rename");
        Assert.False(File.Exists(file));
        // The tracker's meta file goes just after the rename (it failed under load when asserted at once).
        SourceHarness.WaitUntil(() => !File.Exists(Path.Combine(Spool, ".flumespool", SpoolTracker.MetaFileName)), "the meta file deleted");
    }

    [Fact]
    public void EmptyFile_GivesOneEmptyEvent()
    {
        var h = new SourceHarness();
        File.WriteAllText(Path.Combine(Spool, "empty"), string.Empty);
        var source = Start(h);
        Assert.Equal([""], h.WaitFor(1));
        SourceHarness.WaitUntil(() => File.Exists(Path.Combine(Spool, "empty.COMPLETED")), "the rename");
        Assert.Equal(1, source.Counter.EventAcceptedCount);
    }

    [Theory]
    [InlineData("oldest", "a b c")]
    [InlineData("youngest", "c b a")]
    public void ConsumeOrder_ByMtime_TiesByName(string order, string expected)
    {
        // TestReliableSpoolingFileEventReader.testConsumeFileOldest / Youngest
        var h = new SourceHarness();
        var now = DateTime.UtcNow;
        foreach (var (name, age) in new[] { ("b", 20), ("c", 10), ("a", 30) })
        {
            var p = Path.Combine(Spool, name);
            File.WriteAllText(p, name + "\n");
            File.SetLastWriteTimeUtc(p, now.AddSeconds(-age));
        }
        Start(h, o => o with { ConsumeOrder = order == "oldest" ? SpoolConsumeOrder.Oldest : SpoolConsumeOrder.Youngest });
        Assert.Equal(expected.Split(' '), h.WaitFor(3));
    }

    [Fact]
    public void Candidates_SkipHiddenAndCompletedFiles_AndFollowIncludeAndIgnorePatterns()
    {
        // TestReliableSpoolingFileEventReader.testIncludePattern / testIgnorePattern (ignore wins)
        var h = new SourceHarness();
        File.WriteAllText(Path.Combine(Spool, "keep.log"), "keep\n");
        File.WriteAllText(Path.Combine(Spool, "skip.tmp.log"), "ignored\n");
        File.WriteAllText(Path.Combine(Spool, "other.txt"), "not included\n");
        File.WriteAllText(Path.Combine(Spool, ".hidden.log"), "hidden\n");
        File.WriteAllText(Path.Combine(Spool, "done.log.COMPLETED"), "done\n");
        Start(h, o => o with { IncludePattern = Regex(@"^.*\.log$"), IgnorePattern = Regex(@"^.*\.tmp\..*$") });
        Assert.Equal(["keep"], h.WaitFor(1));
        SourceHarness.WaitUntil(() => File.Exists(Path.Combine(Spool, "keep.log.COMPLETED")), "the rename");
        Thread.Sleep(200);
        Assert.Equal(0, h.Drain());
    }

    [Fact]
    public void Headers_FileAndBasename()
    {
        var h = new SourceHarness();
        File.WriteAllText(Path.Combine(Spool, "x.log"), "1\n");
        Start(h, o => o with { FileHeaderKey = "file", BasenameHeaderKey = "basename" });
        h.WaitFor(1);
        Assert.Equal(Path.Combine(Spool, "x.log"), h.Received[0].Header("file"));
        Assert.Equal("x.log", h.Received[0].Header("basename"));
    }

    [Fact]
    public void Restart_ResumesMidFileFromTheTracker()
    {
        var h = new SourceHarness(capacity: 4, transactionCapacity: 2, keepAlive: TimeSpan.Zero);
        var file = Path.Combine(Spool, "big.log");
        File.WriteAllText(file, "1\n2\n3\n4\n5\n6\n");
        var source = Start(h, o => o with { BatchSize = 2, StopDrainTimeout = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(250) });
        SourceHarness.WaitUntil(() => h.Channel.Count == 4, "a full channel");
        Assert.Equal(2, h.Drain());
        var meta = Path.Combine(Spool, ".flumespool", SpoolTracker.MetaFileName);
        SourceHarness.WaitUntil(() => SpoolTracker.TryRead(meta) is { Position: 4 }, "the tracker at the first stored batch");
        source.Stop();
        _sources.Remove(source);
        Assert.True(File.Exists(file));
        var (target, position) = SpoolTracker.TryRead(meta)!.Value;
        Assert.Equal(file, target);
        // Batch 2 reached the channel but no sink had stored it, so the tracker stays after batch 1.
        Assert.Equal(4, position);

        var h2 = new SourceHarness();
        Start(h2);
        Assert.Equal(["3", "4", "5", "6"], h2.WaitFor(4));
        SourceHarness.WaitUntil(() => File.Exists(file + ".COMPLETED"), "the rename");
    }

    [Fact]
    public void Tracker_WrittenByFlume_IsResumed()
    {
        // The reference's vector: one block for offset 1234 is 02 04 a4 13 followed by the sync marker.
        var file = Path.Combine(Spool, "data.log");
        File.WriteAllText(file, new string('x', 1233) + "\nafter\n");
        var tracker = Path.Combine(Spool, ".flumespool");
        Directory.CreateDirectory(tracker);
        File.WriteAllBytes(Path.Combine(tracker, SpoolTracker.MetaFileName), JavaMeta(file, [1234]));
        var h = new SourceHarness();
        Start(h);
        Assert.Equal(["after"], h.WaitFor(1));
    }

    [Fact]
    public void Tracker_LastCompleteRecordWins_AndATornTailIsIgnored()
    {
        var bytes = JavaMeta("/spool/f", [10, 20, 1234]);
        Assert.Equal(("/spool/f", 1234L), SpoolTracker.Parse(bytes));
        Assert.Equal(("/spool/f", 20L), SpoolTracker.Parse(bytes.AsSpan(0, bytes.Length - 3)));
        Assert.Equal(("/spool/f", 0L), SpoolTracker.Parse(JavaMeta("/spool/f", [])));
        Assert.Null(SpoolTracker.Parse("garbage"u8));
    }

    [Fact]
    public void Tracker_WritesFlumesLayout()
    {
        var meta = Path.Combine(_dir, "m.meta");
        using (var t = SpoolTracker.Open(meta, "/spool/f", (a, b) => a == b))
        {
            t.Store(1234);
        }
        var bytes = File.ReadAllBytes(meta);
        Assert.Equal("Obj\u0001"u8.ToArray(), bytes[..4]);
        var sync = bytes[^16..];
        Assert.Equal(new byte[] { 0x02, 0x04, 0xa4, 0x13 }, bytes[^20..^16]);
        Assert.Equal(sync, bytes[^36..^20]);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains(SpoolTracker.SchemaJson, text, StringComparison.Ordinal);
        Assert.Contains("file", text, StringComparison.Ordinal);
        Assert.Equal(("/spool/f", 1234L), SpoolTracker.TryRead(meta));
    }

    [Fact]
    public void FileModifiedWhileRead_IsQuarantined_AndTheOthersGoOn()
    {
        var h = new SourceHarness(capacity: 2, transactionCapacity: 2, keepAlive: TimeSpan.Zero);
        var bad = Path.Combine(Spool, "a-bad.log");
        File.WriteAllText(bad, "1\n2\n3\n");
        File.SetLastWriteTimeUtc(bad, DateTime.UtcNow.AddMinutes(-5));
        File.WriteAllText(Path.Combine(Spool, "b-good.log"), "good\n");
        Start(h, o => o with { BatchSize = 2, MaxBackoff = TimeSpan.FromMilliseconds(250) });
        SourceHarness.WaitUntil(() => h.Channel.Count == 2, "a full channel");
        File.AppendAllText(bad, "late\n");
        // 1, 2, then 3 and the late line read again after the refused batch, then the good file.
        var received = h.WaitFor(5);
        Assert.Contains("good", received);
        var quarantined = Path.Combine(Spool, ".flumespool", "quarantine", "a-bad.log");
        SourceHarness.WaitUntil(() => File.Exists(quarantined), "the quarantine");
        Assert.False(File.Exists(bad));
        SourceHarness.WaitUntil(() => File.Exists(Path.Combine(Spool, "b-good.log.COMPLETED")), "the good file's rename");
    }

    [Fact]
    public void CompletedNameTaken_IsQuarantined()
    {
        var h = new SourceHarness();
        File.WriteAllText(Path.Combine(Spool, "x.log"), "1\n");
        File.WriteAllText(Path.Combine(Spool, "x.log.COMPLETED"), "older\n");
        Start(h);
        h.WaitFor(1);
        SourceHarness.WaitUntil(() => File.Exists(Path.Combine(Spool, ".flumespool", "quarantine", "x.log")), "the quarantine");
        Assert.Equal("older\n", File.ReadAllText(Path.Combine(Spool, "x.log.COMPLETED")));
    }

    [Fact]
    public void UndecodableFile_UnderFail_IsQuarantined()
    {
        var h = new SourceHarness();
        File.WriteAllBytes(Path.Combine(Spool, "bin.log"), [(byte)'a', 0xFF, (byte)'\n']);
        var source = Start(h);
        SourceHarness.WaitUntil(() => File.Exists(Path.Combine(Spool, ".flumespool", "quarantine", "bin.log")), "the quarantine");
        Assert.Equal(1, source.Counter.EventReadFail);
    }

    [Fact]
    public void DeletePolicyImmediate_DeletesTheFile()
    {
        var h = new SourceHarness();
        var file = Path.Combine(Spool, "x.log");
        File.WriteAllText(file, "1\n");
        Start(h, o => o with { DeleteImmediately = true });
        h.WaitFor(1);
        SourceHarness.WaitUntil(() => !File.Exists(file), "the delete");
        Assert.False(File.Exists(file + ".COMPLETED"));
    }

    [Fact]
    public void TrackerDirPolicy_LeavesTheFile_AndMarksItInTheTrackerDir()
    {
        var h = new SourceHarness();
        var sub = Path.Combine(Spool, "sub");
        Directory.CreateDirectory(sub);
        File.WriteAllText(Path.Combine(sub, "x.log"), "1\n");
        Directory.CreateDirectory(Path.Combine(Spool, ".hidden"));
        File.WriteAllText(Path.Combine(Spool, ".hidden", "no.log"), "no\n");
        Start(h, o => o with { TrackingPolicy = SpoolTrackingPolicy.TrackerDir, RecursiveDirectorySearch = true });
        Assert.Equal(["1"], h.WaitFor(1));
        SourceHarness.WaitUntil(() => File.Exists(Path.Combine(Spool, ".flumespool", "sub", "x.log.COMPLETED")), "the marker");
        Assert.True(File.Exists(Path.Combine(sub, "x.log")));
        Thread.Sleep(200);
        Assert.Equal(0, h.Drain());
    }

    [Fact]
    public void BlobDeserializer_SplitsAtMaxBlobLength()
    {
        var h = new SourceHarness();
        File.WriteAllBytes(Path.Combine(Spool, "blob"), Enumerable.Range(0, 250).Select(i => (byte)i).ToArray());
        Start(h, o => o with { Deserializer = SpoolDeserializerKind.Blob, MaxBlobLength = 100 });
        h.WaitFor(3);
        Assert.Equal([100, 100, 50], h.Received.Select(e => e.Body.Length));
        Assert.Equal((byte)249, h.Received[2].Body[^1]);
    }

    [Fact]
    public void AvroDeserializer_EmitsEachDatumInBinary_WithTheSchemaHash()
    {
        var schema = (RecordSchema)Schema.Parse("""{"type":"record","name":"R","fields":[{"name":"x","type":"long"}]}""");
        var path = Path.Combine(Spool, "data.avro");
        using (var w = DataFileWriter<GenericRecord>.OpenWriter(new GenericDatumWriter<GenericRecord>(schema), path))
        {
            foreach (var x in new long[] { 1, -1, 1234 })
            {
                var r = new GenericRecord(schema);
                r.Add("x", x);
                w.Append(r);
            }
        }
        var h = new SourceHarness();
        Start(h, o => o with { Deserializer = SpoolDeserializerKind.Avro });
        h.WaitFor(3);
        Assert.Equal(new byte[] { 0x02 }, h.Received[0].Body);
        Assert.Equal(new byte[] { 0x01 }, h.Received[1].Body);
        Assert.Equal(new byte[] { 0xa4, 0x13 }, h.Received[2].Body);
        var hash = h.Received[0].Header(AvroDeserializer.HashHeader);
        Assert.Matches("^[0-9a-f]{16}$", hash);
        Assert.Equal(Convert.ToHexStringLower(BitConverter.GetBytes(SchemaNormalization.ParsingFingerprint64(schema))), hash);
    }

    [Fact]
    public void AvroDeserializer_OnANonAvroFile_Quarantines()
    {
        var h = new SourceHarness();
        File.WriteAllText(Path.Combine(Spool, "not.avro"), "text\n");
        Start(h, o => o with { Deserializer = SpoolDeserializerKind.Avro });
        SourceHarness.WaitUntil(() => File.Exists(Path.Combine(Spool, ".flumespool", "quarantine", "not.avro")), "the quarantine");
    }

    [Fact]
    public void RefusedBatch_IsReadAgain_NothingLost()
    {
        var h = new SourceHarness(capacity: 3, transactionCapacity: 3, keepAlive: TimeSpan.Zero);
        File.WriteAllText(Path.Combine(Spool, "x.log"), string.Concat(Enumerable.Range(0, 20).Select(i => $"{i}\n")));
        var source = Start(h, o => o with { BatchSize = 3, MaxBackoff = TimeSpan.FromMilliseconds(250) });
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), h.WaitFor(20));
        Assert.True(source.Counter.ChannelWriteFail > 0);
    }

    [Fact]
    public void Binding_ReadsFlumesKeys()
    {
        var o = SourceHarness.Options(FileSourceSpecs.SpoolDir, ("spoolDir", Spool + "/"), ("bufferMaxLineLength", "77"),
            ("deserializer.maxLineLength", "5"), ("deletePolicy", "IMMEDIATE"), ("consumeOrder", "Random"), ("decodeErrorPolicy", "replace"),
            ("trackingPolicy", "TRACKER_DIR"), ("basenameHeader", "true"));
        var b = SpoolDirSourceBinding.Bind(o);
        Assert.Equal(Spool, b.SpoolDir);
        Assert.Equal(77, b.MaxLineLength);
        Assert.True(b.DeleteImmediately);
        Assert.Equal(SpoolConsumeOrder.Random, b.ConsumeOrder);
        Assert.Equal(SpoolTrackingPolicy.TrackerDir, b.TrackingPolicy);
        Assert.Equal(Path.Combine(Spool, ".flumespool"), b.TrackerDir);
        Assert.Equal("basename", b.BasenameHeaderKey);
        Assert.Null(b.FileHeaderKey);
        Assert.Equal(100, b.BatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(500), b.PollDelay);
        Assert.Equal(".COMPLETED", b.FileSuffix);
        Assert.Matches(b.IgnorePattern, string.Empty);
        Assert.DoesNotMatch(b.IgnorePattern, "a");
        Assert.Equal(SpoolDeserializerKind.Blob, SpoolDirSourceBinding.Bind(SourceHarness.Options(FileSourceSpecs.SpoolDir, ("spoolDir", Spool),
            ("deserializer", "org.apache.flume.sink.solr.morphline.BlobDeserializer$Builder"))).Deserializer);
        Assert.Throws<ArgumentException>(() => SpoolDirSourceBinding.Bind(SourceHarness.Options(FileSourceSpecs.SpoolDir, ("spoolDir", Spool),
            ("deserializer", "com.example.MyDeserializer$Builder"))));
        Assert.Throws<ArgumentException>(() => SpoolDirSourceBinding.Bind(SourceHarness.Options(FileSourceSpecs.SpoolDir, ("spoolDir", Spool),
            ("inputCharset", "UTF-16"))));
    }

    [Fact]
    public void MissingSpoolDir_FailsTheStart()
    {
        var source = new SpoolDirSource("r1", Options() with { SpoolDir = Path.Combine(_dir, "nope") }, new SourceHarness().Processor);
        Assert.Throws<IOException>(source.Start);
    }

    private static System.Text.RegularExpressions.Regex Regex(string java) =>
        new(@"\A(?:" + JavaRegex.Translate(java).Pattern + @")\z");

    // An Avro container as Java's DataFileWriter writes Flume's meta file: header, then one block per stored offset.
    private static byte[] JavaMeta(string target, long[] offsets)
    {
        var b = new List<byte>();
        b.AddRange("Obj\u0001"u8.ToArray());
        b.Add(0x04);
        AddBytes(b, "avro.schema"u8.ToArray());
        AddBytes(b, Encoding.UTF8.GetBytes(SpoolTracker.SchemaJson));
        AddBytes(b, "file"u8.ToArray());
        AddBytes(b, Encoding.UTF8.GetBytes(target));
        b.Add(0x00);
        var sync = Enumerable.Range(0, 16).Select(i => (byte)(i * 7 + 3)).ToArray();
        b.AddRange(sync);
        foreach (var o in offsets)
        {
            var record = ZigZag(o);
            b.Add(0x02);
            b.AddRange(ZigZag(record.Length));
            b.AddRange(record);
            b.AddRange(sync);
        }
        return [.. b];
    }

    private static void AddBytes(List<byte> b, byte[] bytes)
    {
        b.AddRange(ZigZag(bytes.Length));
        b.AddRange(bytes);
    }

    private static byte[] ZigZag(long value)
    {
        var v = (ulong)((value << 1) ^ (value >> 63));
        var r = new List<byte>();
        while (v >= 0x80)
        {
            r.Add((byte)(v | 0x80));
            v >>= 7;
        }
        r.Add((byte)v);
        return [.. r];
    }

    private SpoolDirSourceOptions Options() => new()
    {
        SpoolDir = Spool,
        TrackerDir = Path.Combine(Spool, ".flumespool"),
        PollDelay = TimeSpan.FromMilliseconds(20),
        StopDrainTimeout = TimeSpan.FromSeconds(1),
    };

    private SpoolDirSource Start(SourceHarness h, Func<SpoolDirSourceOptions, SpoolDirSourceOptions>? edit = null)
    {
        var options = edit?.Invoke(Options()) ?? Options();
        var source = new SpoolDirSource("r1", options, h.Processor);
        _sources.Add(source);
        source.Start();
        return source;
    }
}
