using System.Text;
using Avro.File;
using Avro.Generic;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Serializers;
using FlumeNet.Agent.Tests.Sources;

namespace FlumeNet.Agent.Tests.Serializers;

/// <summary>Flume's avro_event serializer (reference §6.7), read back with Apache.Avro's own DataFileReader.</summary>
public sealed class AvroEventSerializerTests
{
    static AvroEventSerializerTests() =>
        Codec.RegisterResolver(name => name switch
        {
            AvroSnappyCodec.Name => new AvroSnappyCodec(),
            AvroBZip2Codec.Name => new AvroBZip2Codec(),
            AvroZstandardCodec.Name => new AvroZstandardCodec(),
            _ => null,
        });

    private static FlumeEvent Event(string body, params (string Key, string Value)[] headers)
    {
        var e = new FlumeEvent(Encoding.UTF8.GetBytes(body));
        foreach (var (k, v) in headers)
        {
            e.Headers[k] = v;
        }
        return e;
    }

    private static MemoryStream Write(Func<Stream, IEventSerializer> factory, IEnumerable<FlumeEvent> events)
    {
        var stream = new MemoryStream();
        var serializer = factory(stream);
        serializer.AfterCreate();
        foreach (var e in events)
        {
            serializer.Write(e);
        }
        serializer.Flush();
        serializer.BeforeClose();
        stream.Position = 0;
        return stream;
    }

    private static Func<Stream, IEventSerializer> Factory(params (string Key, string Value)[] props) =>
        AvroEventSerializer.Create(SourceHarness.Options(SerializerSpecs.AvroEvent, props));

    private static List<GenericRecord> Read(Stream stream, out IFileReader<GenericRecord> header)
    {
        header = DataFileReader<GenericRecord>.OpenReader(stream, leaveOpen: true);
        var records = new List<GenericRecord>();
        while (header.HasNext())
        {
            records.Add(header.Next());
        }
        return records;
    }

    [Fact]
    public void Events_ReadBack_WithHeadersAndBodies_AndFlumesSchema()
    {
        using var stream = Write(Factory(), [Event("first", ("host", "h1"), ("timestamp", "1700000000000")), Event(""), Event("é ✓")]);
        var records = Read(stream, out var reader);
        using (reader)
        {
            Assert.Equal(AvroEventSerializer.SchemaJson, reader.GetMetaString("avro.schema"));
            Assert.Equal("null", reader.GetMetaString("avro.codec"));
            Assert.Equal("Event", reader.GetSchema().Name);
        }
        Assert.Equal(3, records.Count);
        var headers = (IDictionary<string, object>)records[0]["headers"];
        Assert.Equal(2, headers.Count);
        Assert.Equal("h1", headers["host"]);
        Assert.Equal("1700000000000", headers["timestamp"]);
        Assert.Equal("first"u8.ToArray(), (byte[])records[0]["body"]);
        Assert.Empty((IDictionary<string, object>)records[1]["headers"]);
        Assert.Empty((byte[])records[1]["body"]);
        Assert.Equal("é ✓", Encoding.UTF8.GetString((byte[])records[2]["body"]));
    }

    [Fact]
    public void SchemaJson_IsFlumesRecordWithoutNamespace()
    {
        Assert.Equal(
            """{"type":"record","name":"Event","fields":[{"name":"headers","type":{"type":"map","values":"string"}},{"name":"body","type":"bytes"}]}""",
            AvroEventSerializer.SchemaJson);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("deflate")]
    [InlineData("snappy")]
    [InlineData("bzip2")]
    [InlineData("zstandard")]
    public void Codec_IsHonoured_AcrossManyBlocks(string codec)
    {
        var events = new List<FlumeEvent>();
        for (var i = 0; i < 500; i++)
        {
            events.Add(Event($"event number {i} " + new string('x', i % 50), ("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        using var stream = Write(Factory(("compressionCodec", codec), ("syncIntervalBytes", "256")), events);
        var records = Read(stream, out var reader);
        using (reader)
        {
            Assert.Equal(codec, reader.GetMetaString("avro.codec"));
        }
        Assert.Equal(500, records.Count);
        for (var i = 0; i < 500; i++)
        {
            Assert.Equal(Encoding.UTF8.GetString(events[i].Body), Encoding.UTF8.GetString((byte[])records[i]["body"]));
            Assert.Equal(events[i].Header("n"), ((IDictionary<string, object>)records[i]["headers"])["n"]);
        }
    }

    [Fact]
    public void Compression_ShrinksRepetitiveData()
    {
        var events = new List<FlumeEvent>();
        for (var i = 0; i < 200; i++)
        {
            events.Add(Event("the same log line, over and over again"));
        }
        using var plain = Write(Factory(), events);
        using var deflate = Write(Factory(("compressionCodec", "deflate")), events);
        using var snappy = Write(Factory(("compressionCodec", "snappy")), events);
        Assert.True(deflate.Length < plain.Length / 2, $"deflate {deflate.Length} vs {plain.Length}");
        Assert.True(snappy.Length < plain.Length / 2, $"snappy {snappy.Length} vs {plain.Length}");
    }

    [Theory]
    [InlineData("lz4")]
    [InlineData("brotli")]
    public void UnknownCodec_FallsBackToNone_AsFlume(string codec)
    {
        using var stream = Write(Factory(("compressionCodec", codec)), [Event("a")]);
        var records = Read(stream, out var reader);
        using (reader)
        {
            Assert.Equal("null", reader.GetMetaString("avro.codec"));
        }
        Assert.Single(records);
    }

    [Fact]
    public void AfterCreate_WritesTheContainerHeader()
    {
        using var stream = new MemoryStream();
        Factory()(stream).AfterCreate();
        Assert.True(stream.Length > 4);
        Assert.Equal("Obj\u0001"u8.ToArray(), stream.ToArray()[..4]);
        stream.Position = 0;
        var records = Read(stream, out var reader);
        reader.Dispose();
        Assert.Empty(records);
    }

    [Fact]
    public void Flush_EndsTheBlock_SoWrittenEventsReachTheStream()
    {
        using var stream = new MemoryStream();
        var serializer = Factory()(stream);
        serializer.AfterCreate();
        var headerLength = stream.Length;
        serializer.Write(Event("buffered"));
        Assert.Equal(headerLength, stream.Length);
        serializer.Flush();
        Assert.True(stream.Length > headerLength);
        stream.Position = 0;
        var records = Read(stream, out var reader);
        reader.Dispose();
        Assert.Equal("buffered"u8.ToArray(), (byte[])Assert.Single(records)["body"]);
        Assert.True(stream.CanWrite);
    }

    [Fact]
    public void Xz_IsRefused_AtStart_AndByCheck()
    {
        var ex = Assert.Throws<NotSupportedException>(() => Factory(("compressionCodec", "xz")));
        Assert.Contains("'xz' is not supported", ex.Message, StringComparison.Ordinal);
        var dir = Directory.CreateTempSubdirectory("flumenet-avro-xz-").FullName;
        try
        {
            var config = Path.Combine(dir, "xz.properties");
            File.WriteAllText(config, """
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = seq
                a1.sources.r1.channels = c1
                a1.channels.c1.type = memory
                a1.sinks.k1.type = hdfs
                a1.sinks.k1.channel = c1
                a1.sinks.k1.hdfs.path = /tmp/flume
                a1.sinks.k1.hdfs.fileType = DataStream
                a1.sinks.k1.serializer = avro_event
                a1.sinks.k1.serializer.compressionCodec = xz
                """);
            var result = FlumeNet.Agent.Tests.Support.CliRunner.Run(null, "agent", "--check", "-n", "a1", "-f", config);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("a1.sinks.k1.serializer.compressionCodec", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("'xz' is not supported by this agent", result.Stdout, StringComparison.Ordinal);
            File.WriteAllText(config, File.ReadAllText(config).Replace("= xz", "= zstandard", StringComparison.Ordinal));
            result = FlumeNet.Agent.Tests.Support.CliRunner.Run(null, "agent", "--check", "-n", "a1", "-f", config);
            Assert.DoesNotContain("compressionCodec", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // Independent decoders (the bzip2 and zstd command-line tools) read a block as this agent compresses it.
    [FlumeNet.Agent.Tests.Support.ToolFact("bzip2")]
    public void Bzip2Block_IsReadByTheBzip2Tool() => Assert.Equal(Sample(), Decode("bzip2", new AvroBZip2Codec().Compress(Sample())));

    [FlumeNet.Agent.Tests.Support.ToolFact("zstd")]
    public void ZstandardBlock_IsReadByTheZstdTool() => Assert.Equal(Sample(), Decode("zstd", new AvroZstandardCodec().Compress(Sample())));

    private static byte[] Sample() =>
        Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(0, 2000).Select(i => $"event {i} " + new string((char)('a' + (i % 26)), i % 70))));

    private static byte[] Decode(string tool, byte[] compressed)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(tool, "-dc") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        process.StandardInput.BaseStream.Write(compressed);
        process.StandardInput.Close();
        Assert.True(copy.Wait(TimeSpan.FromSeconds(60)) && process.WaitForExit(TimeSpan.FromSeconds(60)), $"{tool} did not end");
        Assert.True(process.ExitCode == 0, stderr.Result);
        return stdout.ToArray();
    }
}
