using System.Text;
using FlumeNet.Agent.Hdfs.Formats;

namespace FlumeNet.Agent.Tests.Hdfs.Formats;

public sealed class HdfsSequenceFileWriterTests
{
    private const long Timestamp = 1340459193234;
    private static readonly byte[] Marker = Events.Hex("000102030405060708090a0b0c0d0e0f");

    private static HdfsSequenceFileWriter Writer(
        SequenceFileWriteFormat format, ICompressionCodec? codec = null, TimeProvider? time = null, int syncInterval = HdfsSequenceFileWriter.SyncInterval) =>
        new(format, codec, time, Marker, syncInterval);

    private static string Ascii(string s) => Convert.ToHexString(Encoding.ASCII.GetBytes(s));

    [Fact]
    public void Header_Writable_IsExact95Bytes()
    {
        using var file = new MemoryStream();
        var writer = Writer(SequenceFileWriteFormat.Writable);
        writer.Open(file);
        writer.Close();
        var expected = Events.Hex("53455106" + "21" + Ascii("org.apache.hadoop.io.LongWritable") + "22" + Ascii("org.apache.hadoop.io.BytesWritable")
            + "00 00" + "00000000" + "000102030405060708090a0b0c0d0e0f");
        Assert.Equal(95, expected.Length);
        Assert.Equal(expected, file.ToArray());
    }

    [Fact]
    public void Header_Text_IsExact86Bytes()
    {
        using var file = new MemoryStream();
        var writer = Writer(SequenceFileWriteFormat.Text);
        writer.Open(file);
        writer.Close();
        var expected = Events.Hex("53455106" + "21" + Ascii("org.apache.hadoop.io.LongWritable") + "19" + Ascii("org.apache.hadoop.io.Text")
            + "00 00" + "00000000" + "000102030405060708090a0b0c0d0e0f");
        Assert.Equal(86, expected.Length);
        Assert.Equal(expected, file.ToArray());
    }

    [Fact]
    public void Header_BlockDefaultCodec_IsExact138Bytes()
    {
        using var file = new MemoryStream();
        var writer = Writer(SequenceFileWriteFormat.Writable, DefaultCodec.Default);
        writer.Open(file);
        writer.Close();
        var expected = Events.Hex("53455106" + "21" + Ascii("org.apache.hadoop.io.LongWritable") + "22" + Ascii("org.apache.hadoop.io.BytesWritable")
            + "01 01" + "2a" + Ascii("org.apache.hadoop.io.compress.DefaultCodec") + "00000000" + "000102030405060708090a0b0c0d0e0f");
        Assert.Equal(138, expected.Length);
        Assert.Equal(expected, file.ToArray());
    }

    [Fact]
    public void Header_SyncMarker_IsRandomPerFile()
    {
        var markers = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            using var file = new MemoryStream();
            var writer = new HdfsSequenceFileWriter(SequenceFileWriteFormat.Writable);
            writer.Open(file);
            writer.Close();
            markers.Add(Convert.ToHexString(file.ToArray()[79..95]));
        }
        Assert.Equal(3, markers.Count);
    }

    // Reference §4.3's worked example: 95 + 25 + 20 = 140 bytes.
    [Fact]
    public void OneEvent_Writable_IsHeaderRecordAndSyncEntry()
    {
        using var file = new MemoryStream();
        var writer = Writer(SequenceFileWriteFormat.Writable);
        writer.Open(file);
        writer.Append(Events.Make("hello", Timestamp));
        writer.Sync();
        writer.Close();
        var bytes = file.ToArray();
        Assert.Equal(140, bytes.Length);
        Assert.Equal(Events.Hex("00000011 00000008 0000013819981392 00000005 68656c6c6f"), bytes[95..120]);
        Assert.Equal(Events.Hex("ffffffff 000102030405060708090a0b0c0d0e0f"), bytes[120..]);
    }

    [Fact]
    public void OneEvent_Text_UsesVIntValueLength()
    {
        using var file = new MemoryStream();
        var writer = Writer(SequenceFileWriteFormat.Text);
        writer.Open(file);
        writer.Append(Events.Make("hello", Timestamp));
        writer.Sync();
        writer.Close();
        var bytes = file.ToArray();
        Assert.Equal(86 + 22 + 20, bytes.Length);
        Assert.Equal(Events.Hex("0000000e 00000008 0000013819981392 05 68656c6c6f"), bytes[86..108]);
    }

    [Fact]
    public void Sync_IsInTheStreamBeforeClose_AndLeavesFlushingToTheCaller()
    {
        using var file = new FlushCountingStream();
        var writer = Writer(SequenceFileWriteFormat.Writable);
        writer.Open(file);
        writer.Append(Events.Make("hello", Timestamp));
        writer.Sync();
        Assert.Equal(140, file.Length);
        Assert.Equal(0, file.Flushes);
        writer.Close();
        Assert.Equal(1, file.Flushes);
    }

    [Fact]
    public void Sync_WithoutNewRecords_AddsNoSecondEntry_AndCloseAddsNone()
    {
        using var file = new MemoryStream();
        var writer = Writer(SequenceFileWriteFormat.Writable);
        writer.Open(file);
        writer.Sync();
        Assert.Equal(95 + 20, file.Length); // Hadoop: the position moved past the header since lastSyncPos 0.
        writer.Append(Events.Make("hello", Timestamp));
        writer.Sync();
        writer.Sync();
        writer.Close();
        var contents = SequenceFileReader.Read(file.ToArray());
        Assert.Equal([95L, 95 + 20 + 25], contents.SyncOffsets);
        Assert.Single(contents.Records);
    }

    [Fact]
    public void Close_WithoutSync_EndsWithTheLastRecord()
    {
        using var file = new MemoryStream();
        var writer = Writer(SequenceFileWriteFormat.Writable);
        writer.Open(file);
        writer.Append(Events.Make("a", 1));
        writer.Append(Events.Make("b", 2));
        writer.Close();
        var contents = SequenceFileReader.Read(file.ToArray());
        Assert.Empty(contents.SyncOffsets);
        Assert.Equal(95 + (2 * 21), file.Length);
    }

    [Fact]
    public void Key_MissingTimestamp_IsTheCurrentTime()
    {
        using var file = new MemoryStream();
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        var writer = Writer(SequenceFileWriteFormat.Writable, time: new FixedTimeProvider(now));
        writer.Open(file);
        writer.Append(Events.Make("x"));
        writer.Close();
        Assert.Equal(1_700_000_000_123, SequenceFileReader.Read(file.ToArray()).Records[0].Key);
    }

    [Theory]
    [InlineData("+123", 123L)]
    [InlineData("-5", -5L)]
    [InlineData("00042", 42L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Key_ParsesTimestampLikeJavaLongValueOf(string header, long expected)
    {
        using var file = new MemoryStream();
        var writer = Writer(SequenceFileWriteFormat.Writable);
        writer.Open(file);
        var e = Events.Make("x");
        e.Headers["timestamp"] = header;
        writer.Append(e);
        writer.Close();
        Assert.Equal(expected, SequenceFileReader.Read(file.ToArray()).Records[0].Key);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData(" 1340459193234")]
    [InlineData("1.5")]
    [InlineData("9223372036854775808")]
    [InlineData("")]
    public void Key_UnparsableTimestamp_Throws(string header)
    {
        using var file = new MemoryStream();
        var writer = Writer(SequenceFileWriteFormat.Writable);
        writer.Open(file);
        var e = Events.Make("x");
        e.Headers["timestamp"] = header;
        var ex = Assert.Throws<FormatException>(() => writer.Append(e));
        Assert.Contains($"\"{header}\"", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, writer.BytesWritten);
    }

    [Theory]
    [InlineData(SequenceFileWriteFormat.Writable)]
    [InlineData(SequenceFileWriteFormat.Text)]
    public void Uncompressed_RoundTripsEveryKeyAndValue(SequenceFileWriteFormat format)
    {
        var events = Enumerable.Range(0, 300).Select(i => Events.Make(new string('x', i * 7 % 400) + i, Timestamp + i)).ToList();
        using var file = new MemoryStream();
        var writer = Writer(format);
        writer.Open(file);
        for (var i = 0; i < events.Count; i++)
        {
            writer.Append(events[i]);
            if (i % 50 == 49)
            {
                writer.Sync();
            }
        }
        writer.Close();
        var contents = SequenceFileReader.Read(file.ToArray());
        Assert.Equal(format == SequenceFileWriteFormat.Text ? "org.apache.hadoop.io.Text" : "org.apache.hadoop.io.BytesWritable", contents.ValueClass);
        Assert.False(contents.Compressed);
        Assert.Equal(events.Select((e, i) => (Timestamp + i, Convert.ToHexString(e.Body))), contents.Records.Select(r => (r.Key, Convert.ToHexString(r.Value))));
        Assert.Equal(6, contents.SyncOffsets.Count);
        Assert.Equal(events.Sum(e => (long)e.Body.Length), writer.BytesWritten);
    }

    // Hadoop's checkAndWriteSync: before a record, once the position is SYNC_INTERVAL past the last sync entry.
    [Fact]
    public void Uncompressed_WritesSyncEntryEverySyncIntervalBytes()
    {
        Assert.Equal(102400, HdfsSequenceFileWriter.SyncInterval);
        using var file = new MemoryStream();
        var writer = Writer(SequenceFileWriteFormat.Writable);
        writer.Open(file);
        for (var i = 0; i < 250; i++)
        {
            writer.Append(Events.Make(new byte[1000], i));
        }
        writer.Close();
        var contents = SequenceFileReader.Read(file.ToArray());
        Assert.Equal(250, contents.Records.Count);
        Assert.Equal(2, contents.SyncOffsets.Count);
        long lastSync = 0;
        foreach (var offset in contents.SyncOffsets)
        {
            var before = contents.Records.Last(r => r.Offset < offset);
            Assert.True(before.Offset < lastSync + 102400, $"sync at {offset} came late");
            Assert.True(offset >= lastSync + 102400, $"sync at {offset} came early");
            Assert.Equal(before.Offset + 8 + 8 + 4 + 1000, offset);
            lastSync = offset + 20;
        }
    }

    [Theory]
    [InlineData("gzip", SequenceFileWriteFormat.Writable)]
    [InlineData("gzip", SequenceFileWriteFormat.Text)]
    [InlineData("default", SequenceFileWriteFormat.Writable)]
    [InlineData("deflate", SequenceFileWriteFormat.Text)]
    [InlineData("bzip2", SequenceFileWriteFormat.Writable)]
    [InlineData("snappy", SequenceFileWriteFormat.Writable)]
    [InlineData("lz4", SequenceFileWriteFormat.Text)]
    public void Block_OneBlockPerSync_RoundTripsEveryKeyAndValue(string codecName, SequenceFileWriteFormat format)
    {
        var codec = CompressionCodecs.Resolve(codecName)!;
        int[] batches = [1, 40, 7];
        var events = Enumerable.Range(0, batches.Sum()).Select(i => Events.Make(i % 9 == 3 ? string.Empty : "event " + i + new string('q', i), Timestamp - i)).ToList();
        using var file = new MemoryStream();
        var writer = Writer(format, codec);
        writer.Open(file);
        var n = 0;
        foreach (var batch in batches)
        {
            for (var i = 0; i < batch; i++)
            {
                writer.Append(events[n++]);
            }
            writer.Sync();
            writer.Sync();
        }
        writer.Close();
        var contents = SequenceFileReader.Read(file.ToArray());
        Assert.True(contents.Compressed);
        Assert.True(contents.BlockCompressed);
        Assert.Equal(codec.ClassName, contents.CodecClass);
        Assert.Equal(batches, contents.BlockRecordCounts);
        Assert.Equal(3, contents.SyncOffsets.Count);
        Assert.Equal(contents.HeaderLength, contents.SyncOffsets[0]);
        Assert.Equal(events.Select(e => (long.Parse(e.Header("timestamp")!, System.Globalization.CultureInfo.InvariantCulture), Convert.ToHexString(e.Body))),
            contents.Records.Select(r => (r.Key, Convert.ToHexString(r.Value))));
    }

    [Fact]
    public void Block_CloseWritesThePendingBlock()
    {
        using var file = new MemoryStream();
        var writer = Writer(SequenceFileWriteFormat.Writable, GzipCodec.Instance);
        writer.Open(file);
        writer.Append(Events.Make("one", 1));
        writer.Append(Events.Make("two", 2));
        writer.Close();
        var contents = SequenceFileReader.Read(file.ToArray());
        Assert.Equal([2], contents.BlockRecordCounts);
        Assert.Equal(["one", "two"], contents.Records.Select(r => Encoding.UTF8.GetString(r.Value)));
    }

    // io.seqfile.compress.blocksize: a block is written as soon as keys + values reach 1,000,000 bytes.
    [Fact]
    public void Block_SplitsAtCompressionBlockSize()
    {
        using var file = new MemoryStream();
        var writer = Writer(SequenceFileWriteFormat.Writable, DefaultCodec.Default);
        writer.Open(file);
        writer.Append(Events.Make(new byte[400_000], 1));
        writer.Append(Events.Make(new byte[400_000], 2));
        writer.Append(Events.Make(new byte[400_000], 3));
        writer.Append(Events.Make("tail", 4));
        writer.Sync();
        writer.Close();
        var contents = SequenceFileReader.Read(file.ToArray());
        Assert.Equal([3, 1], contents.BlockRecordCounts);
        Assert.Equal([1L, 2, 3, 4], contents.Records.Select(r => r.Key));
        Assert.Equal(1_200_004, writer.BytesWritten);
    }

    [Fact]
    public void Append_BeforeOpen_Throws()
    {
        var writer = Writer(SequenceFileWriteFormat.Writable);
        Assert.Throws<InvalidOperationException>(() => writer.Append(Events.Make("x", 1)));
    }
}
