using System.IO.Compression;
using System.Text;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Hdfs.Formats;
using FlumeNet.Agent.Serializers;

namespace FlumeNet.Agent.Tests.Hdfs.Formats;

public sealed class HdfsCompressedStreamWriterTests
{
    public static TheoryData<string> CodecNames => ["gzip", "default", "deflate", "bzip2", "snappy", "lz4"];

    private static HdfsCompressedStreamWriter Writer(ICompressionCodec codec, bool appendNewline = true) =>
        new(codec, s => new BodyTextEventSerializer(s, appendNewline));

    [Theory]
    [MemberData(nameof(CodecNames))]
    public void EverySync_FinishesOneMember_AndAllMembersDecode(string name)
    {
        var codec = CompressionCodecs.Resolve(name)!;
        using var file = new MemoryStream();
        var writer = Writer(codec);
        writer.Open(file);
        var expected = new List<string>();
        var n = 0;
        foreach (var batch in new[] { 1, 5, 2 })
        {
            var text = new StringBuilder();
            for (var i = 0; i < batch; i++, n++)
            {
                writer.Append(Events.Make("line " + n));
                text.Append("line ").Append(n).Append('\n');
            }
            writer.Sync();
            writer.Sync(); // nothing appended since: no extra member
            expected.Add(text.ToString());
        }
        writer.Close();
        var members = CodecDecoders.Members(codec.ClassName, file.ToArray());
        Assert.Equal(expected, members.Select(m => Encoding.UTF8.GetString(m)));
        Assert.Equal(expected.Sum(s => s.Length - s.Count(c => c == '\n')), writer.BytesWritten);
    }

    [Theory]
    [MemberData(nameof(CodecNames))]
    public void Close_WithoutSync_FinishesTheLastMember(string name)
    {
        var codec = CompressionCodecs.Resolve(name)!;
        using var file = new FlushCountingStream();
        var writer = Writer(codec);
        writer.Open(file);
        writer.Append(Events.Make("a"));
        writer.Sync();
        Assert.Equal(0, file.Flushes);
        writer.Append(Events.Make("b"));
        writer.Close();
        Assert.Equal(1, file.Flushes);
        Assert.Equal(["a\n", "b\n"], CodecDecoders.Members(codec.ClassName, file.ToArray()).Select(m => Encoding.UTF8.GetString(m)));
    }

    // Flume's HDFSCompressedDataStream finishes the codec stream at close even when nothing was written.
    [Theory]
    [MemberData(nameof(CodecNames))]
    public void OpenThenClose_WritesOneEmptyMember(string name)
    {
        var codec = CompressionCodecs.Resolve(name)!;
        using var file = new MemoryStream();
        var writer = Writer(codec);
        writer.Open(file);
        writer.Close();
        var members = CodecDecoders.Members(codec.ClassName, file.ToArray());
        Assert.Empty(Assert.Single(members));
    }

    [Fact]
    public void Gzip_EmptyMember_IsTwentyBytesGZipStreamAccepts()
    {
        using var file = new MemoryStream();
        var writer = Writer(GzipCodec.Instance);
        writer.Open(file);
        writer.Close();
        Assert.Equal(20, file.Length);
        file.Position = 0;
        using var gunzip = new GZipStream(file, CompressionMode.Decompress);
        Assert.Equal(-1, gunzip.ReadByte());
    }

    [Fact]
    public void Gzip_ConcatenatedMembers_ReadAsOneTextByGZipStream()
    {
        using var file = new MemoryStream();
        var writer = Writer(GzipCodec.Instance);
        writer.Open(file);
        for (var i = 0; i < 4; i++)
        {
            writer.Append(Events.Make("batch " + i));
            writer.Sync();
        }
        writer.Close();
        file.Position = 0;
        using var reader = new StreamReader(new GZipStream(file, CompressionMode.Decompress));
        Assert.Equal("batch 0\nbatch 1\nbatch 2\nbatch 3\n", reader.ReadToEnd());
    }

    [Fact]
    public void Default_MembersAreZlibStreams()
    {
        using var file = new MemoryStream();
        var writer = Writer(DefaultCodec.Default);
        writer.Open(file);
        writer.Append(Events.Make("x"));
        writer.Close();
        Assert.Equal(Events.Hex("789c"), file.ToArray()[..2]);
    }

    [Fact]
    public void BZip2_MembersAreBZh9Streams()
    {
        using var file = new MemoryStream();
        var writer = Writer(BZip2Codec.Instance);
        writer.Open(file);
        writer.Append(Events.Make("x"));
        writer.Sync();
        writer.Append(Events.Make("y"));
        writer.Close();
        var bytes = file.ToArray();
        Assert.Equal("BZh9"u8.ToArray(), bytes[..4]);
        Assert.Equal(2, CodecDecoders.BZip2Members(bytes).Count);
    }

    // Hadoop's BlockCompressorStream: small writes share a block; the uncompressed length leads it.
    [Theory]
    [InlineData("snappy")]
    [InlineData("lz4")]
    public void BlockCodecs_SmallWritesShareOneBlock(string name)
    {
        var codec = CompressionCodecs.Resolve(name)!;
        using var file = new MemoryStream();
        var writer = Writer(codec);
        writer.Open(file);
        writer.Append(Events.Make("ab"));
        writer.Append(Events.Make("cd"));
        writer.Sync();
        writer.Close();
        var bytes = file.ToArray();
        Assert.Equal(Events.Hex("00000006"), bytes[..4]);
        var compressedLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        Assert.Equal(bytes.Length, 8 + compressedLength);
    }

    // A write that would push the block past MAX_INPUT_SIZE first finishes the block holding earlier writes.
    [Theory]
    [InlineData("snappy", 218422)]
    [InlineData("lz4", 261100)]
    public void BlockCodecs_WritesPastMaxInputStartANewBlock(string name, int maxInput)
    {
        var codec = CompressionCodecs.Resolve(name)!;
        var decode = name == "snappy" ? (Func<byte[], int, byte[]>)CodecDecoders.SnappyChunk : CodecDecoders.Lz4Chunk;
        using var file = new MemoryStream();
        var writer = Writer(codec, appendNewline: false);
        writer.Open(file);
        var first = RandomBytes(maxInput - 10, 1);
        var second = RandomBytes(11, 2);
        var third = RandomBytes(5, 3);
        writer.Append(Events.Make(first));
        writer.Append(Events.Make(second));
        writer.Append(Events.Make(third));
        writer.Sync();
        writer.Close();
        var blocks = CodecDecoders.HadoopBlocks(file.ToArray(), decode);
        Assert.Equal([maxInput - 10, 16], blocks.Select(b => b.Data.Length));
        Assert.Equal(first.Concat(second).Concat(third), blocks.SelectMany(b => b.Data));
    }

    // A single write larger than MAX_INPUT_SIZE gets its own block: its full length, then chunks of at most that size.
    [Theory]
    [InlineData("snappy", 218422)]
    [InlineData("lz4", 261100)]
    public void BlockCodecs_LargeWriteIsSplitIntoChunks(string name, int maxInput)
    {
        var codec = CompressionCodecs.Resolve(name)!;
        var decode = name == "snappy" ? (Func<byte[], int, byte[]>)CodecDecoders.SnappyChunk : CodecDecoders.Lz4Chunk;
        using var file = new MemoryStream();
        var writer = Writer(codec);
        writer.Open(file);
        var body = RandomBytes(600_000, 7);
        writer.Append(Events.Make("small"));
        writer.Append(Events.Make(body));
        writer.Sync();
        writer.Close();
        var blocks = CodecDecoders.HadoopBlocks(file.ToArray(), decode);
        Assert.Equal(3, blocks.Count);
        Assert.Equal("small\n"u8.ToArray(), blocks[0].Data);
        Assert.Equal(body, blocks[1].Data);
        var chunks = new List<int>();
        for (var left = body.Length; left > 0; left -= maxInput)
        {
            chunks.Add(Math.Min(left, maxInput));
        }
        Assert.Equal(chunks, blocks[1].ChunkSizes);
        Assert.Equal("\n"u8.ToArray(), blocks[2].Data);
    }

    // Audit I1: Hadoop's BlockDecompressorStream takes a 0-length block for the end of the stream. Flume (and Hadoop's
    // finish()) write one after a write that got a block of its own, so with appendNewline=false and big bodies a
    // Hadoop reader saw only the first batch. No 0-length block may follow an oversize write.
    [Theory]
    [InlineData("snappy")]
    [InlineData("lz4")]
    public void BlockCodecs_OversizeWriteEndingABatch_LeavesNoZeroLengthBlock_HadoopReadsEveryBatch(string name)
    {
        var codec = CompressionCodecs.Resolve(name)!;
        var decode = name == "snappy" ? (Func<byte[], int, byte[]>)CodecDecoders.SnappyChunk : CodecDecoders.Lz4Chunk;
        using var file = new MemoryStream();
        var writer = Writer(codec, appendNewline: false);
        writer.Open(file);
        var bodies = new[] { RandomBytes(262_000, 1), RandomBytes(262_000, 2) };
        foreach (var body in bodies)
        {
            writer.Append(Events.Make(body));
            writer.Sync();
        }
        writer.Close();
        var blocks = CodecDecoders.HadoopBlocks(file.ToArray(), decode);
        // What Hadoop's reader returns: blocks up to the first 0-length one.
        var hadoopRead = blocks.TakeWhile(b => b.Data.Length > 0).SelectMany(b => b.Data).ToArray();
        Assert.Equal(bodies.SelectMany(b => b), hadoopRead);
    }

    [Fact]
    public void HeaderAndTextSerializer_PrintsHeadersInJavaHashMapOrder()
    {
        // Flume's TestHeaderAndBodyTextEventSerializer: header1, header2 print as {header2=value2, header1=value1}.
        using var file = new MemoryStream();
        var serializer = new HeaderAndBodyTextEventSerializer(file, appendNewline: true);
        var e = new FlumeEvent("event 1"u8.ToArray());
        e.Headers["header1"] = "value1";
        e.Headers["header2"] = "value2";
        serializer.Write(e);
        var f = new FlumeEvent("0"u8.ToArray());
        f.Headers["timestamp"] = "1340459193234";
        f.Headers["host"] = "web01";
        serializer.Write(f);
        var g = new FlumeEvent("x"u8.ToArray());
        g.Headers["host"] = "web01";
        g.Headers["topic"] = "t1";
        g.Headers["timestamp"] = "1340459193234";
        serializer.Write(g);
        Assert.Equal("{header2=value2, header1=value1} event 1\n{host=web01, timestamp=1340459193234} 0\n{host=web01, topic=t1, timestamp=1340459193234} x\n",
            Encoding.UTF8.GetString(file.ToArray()));
    }

    [Fact]
    public void HeaderAndTextSerializer_WritesThroughTheCodec()
    {
        using var file = new MemoryStream();
        var writer = new HdfsCompressedStreamWriter(GzipCodec.Instance, s => new HeaderAndBodyTextEventSerializer(s, appendNewline: true));
        writer.Open(file);
        writer.Append(Events.Make("body", 5));
        writer.Close();
        Assert.Equal("{timestamp=5} body\n", Encoding.UTF8.GetString(Assert.Single(CodecDecoders.GzipMembers(file.ToArray()))));
    }

    [Theory]
    [MemberData(nameof(CodecNames))]
    public void StreamFailure_SurfacesAsIOException_AndCloseReleasesTheWriter(string name)
    {
        using var file = new FailingStream();
        var writer = Writer(CompressionCodecs.Resolve(name)!);
        writer.Open(file);
        writer.Append(Events.Make("lost"));
        Assert.Throws<IOException>(writer.Sync);
        Assert.Throws<IOException>(writer.Close);
        writer.Close();
        Assert.Throws<InvalidOperationException>(() => writer.Append(Events.Make("after")));
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
#pragma warning disable CA5394 // test data, not security
        new Random(seed).NextBytes(bytes);
#pragma warning restore CA5394
        return bytes;
    }
}
