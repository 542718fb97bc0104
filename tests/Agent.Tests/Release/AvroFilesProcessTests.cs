using Avro;
using Avro.File;
using Avro.Generic;
using Avro.IO;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Release;

/// <summary>
/// Apache.Avro's paths the native program uses, run as a process (bin/flume-ng, or the release's native program under
/// tools/release/check.sh): spooldir's AVRO deserializer parses a schema with defaults and custom properties and re-prints
/// it (LITERAL), and file_roll's avro_event serializer writes the container file this test reads back.
/// </summary>
[Collection("processes")]
public sealed class AvroFilesProcessTests : IDisposable
{
    private const string SchemaJson = """
        {"type":"record","name":"Click","namespace":"shop","doc":"one click","owner":"web-team",
         "fields":[{"name":"id","type":"long"},{"name":"page","type":"string","default":"/"},
                   {"name":"tags","type":{"type":"map","values":"string"},"default":{},"flume.custom":{"n":[1,2]}}]}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-avrofiles-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SpoolDirAvroDeserializer_ToAvroEventFileRoll_KeepsEveryDatumAndTheLiteralSchema()
    {
        var schema = (RecordSchema)Schema.Parse(SchemaJson);
        var spool = Directory.CreateDirectory(Path.Combine(_dir, "spool")).FullName;
        var outDir = Path.Combine(_dir, "out");
        const int count = 50;
        var staging = Path.Combine(_dir, "clicks.avro");
        using (var writer = DataFileWriter<GenericRecord>.OpenWriter(new GenericDatumWriter<GenericRecord>(schema), staging, Codec.CreateCodec(Codec.Type.Deflate)))
        {
            for (var i = 0; i < count; i++)
            {
                var r = new GenericRecord(schema);
                r.Add("id", (long)i);
                r.Add("page", $"/p/{i}");
                r.Add("tags", new Dictionary<string, object> { ["k"] = $"v{i}" });
                writer.Append(r);
            }
        }
        File.Move(staging, Path.Combine(spool, "clicks.avro"));
        var config = Path.Combine(_dir, "a1.properties");
        File.WriteAllText(config, $"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = spooldir
            a1.sources.r1.spoolDir = {spool}
            a1.sources.r1.deserializer = AVRO
            a1.sources.r1.deserializer.schemaType = LITERAL
            a1.sources.r1.channels = c1
            a1.channels.c1.type = memory
            a1.sinks.k1.type = file_roll
            a1.sinks.k1.channel = c1
            a1.sinks.k1.sink.directory = {outDir}
            a1.sinks.k1.sink.rollInterval = 0
            a1.sinks.k1.sink.serializer = avro_event
            """);
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!File.Exists(Path.Combine(spool, "clicks.avro.COMPLETED")) && DateTime.UtcNow < deadline && !agent.HasExited)
        {
            Thread.Sleep(50);
        }
        Assert.True(File.Exists(Path.Combine(spool, "clicks.avro.COMPLETED")), agent.Output);
        // The sink flushes its file at stop.
        agent.Terminate();
        Assert.True(agent.WaitForExit(TimeSpan.FromMinutes(2)), agent.Output);
        Assert.Equal(0, agent.ExitCode);

        var events = new List<GenericRecord>();
        foreach (var f in Directory.GetFiles(outDir).Order(StringComparer.Ordinal))
        {
            if (new FileInfo(f).Length == 0)
            {
                continue;
            }
            using var reader = DataFileReader<GenericRecord>.OpenReader(f);
            events.AddRange(reader.NextEntries);
        }
        Assert.Equal(count, events.Count);
        for (var i = 0; i < count; i++)
        {
            var headers = (IDictionary<string, object>)events[i]["headers"];
            var literal = Schema.Parse((string)headers["flume.avro.schema.literal"]);
            Assert.Equal(schema, literal);
            var datum = new GenericDatumReader<GenericRecord>(literal, literal).Read(null!, new BinaryDecoder(new MemoryStream((byte[])events[i]["body"])));
            Assert.Equal((long)i, datum["id"]);
            Assert.Equal($"/p/{i}", datum["page"]);
            Assert.Equal($"v{i}", ((IDictionary<string, object>)datum["tags"])["k"]);
        }
    }
}
