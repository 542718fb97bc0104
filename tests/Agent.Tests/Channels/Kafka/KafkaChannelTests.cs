using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FlumeNet.Agent.Channels.Kafka;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Tests.Kafka;
using FlumeNet.Agent.Tests.Sources;

namespace FlumeNet.Agent.Tests.Channels.Kafka;

/// <summary>The Kafka channel against the emulator; its topic format is checked with python3-avro and kafka-python.</summary>
public sealed class KafkaChannelTests : IClassFixture<KafkaEmulatorFixture>
{
    private const string Schema =
        """{"type":"record","name":"AvroFlumeEvent","namespace":"org.apache.flume.source.avro","fields":[{"name":"headers","type":{"type":"map","values":"string"}},{"name":"body","type":"bytes"}]}""";

    // Reads (mode read) or writes (mode write) a topic with kafka-python, (de)coding values with python3-avro against
    // Flume's AvroFlumeEvent schema; one JSON object per record on stdout / stdin.
    private const string Script = """
import io, json, sys
import avro.io, avro.schema
from kafka import KafkaConsumer, KafkaProducer
mode, broker, topic, schema_text = sys.argv[1:5]
schema = avro.schema.parse(schema_text)
if mode == "read":
    expected = int(sys.argv[5])
    c = KafkaConsumer(topic, bootstrap_servers=broker, auto_offset_reset="earliest", consumer_timeout_ms=20000, group_id=None)
    n = 0
    for m in c:
        e = avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(io.BytesIO(m.value)))
        print(json.dumps({"key": m.key.decode() if m.key else None, "headers": e["headers"], "body": e["body"].decode("utf-8")}))
        n += 1
        if n >= expected:
            break
    c.close()
else:
    p = KafkaProducer(bootstrap_servers=broker)
    for line in sys.stdin:
        r = json.loads(line)
        out = io.BytesIO()
        avro.io.DatumWriter(schema).write({"headers": r["headers"], "body": r["body"].encode("utf-8")}, avro.io.BinaryEncoder(out))
        p.send(topic, key=r["key"].encode() if r.get("key") else None, value=out.getvalue())
    p.flush()
    p.close()
""";

    private readonly KafkaEmulatorProcess _kafka;

    public KafkaChannelTests(KafkaEmulatorFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        _kafka = fixture.Emulator;
    }

    [PythonAvroFact]
    public void PutRecords_DecodeWithPythonAvroAgainstFlumesSchema()
    {
        using var channel = Channel(("kafka.topic", "ch-avro-out"));
        using (var tx = channel.BeginTransaction())
        {
            for (var i = 0; i < 20; i++)
            {
                tx.Put(new FlumeEvent(Encoding.UTF8.GetBytes("body-" + i), new Dictionary<string, string> { ["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["key"] = "k" + i, ["é"] = "ü" }));
            }
            tx.Commit();
        }
        Assert.Equal(20, _kafka.Records("ch-avro-out"));
        var run = Python("read", "ch-avro-out", null, "20");
        var records = run.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(20, records.Count);
        var five = records.Single(r => r.GetProperty("body").GetString() == "body-5");
        Assert.Equal("5", five.GetProperty("headers").GetProperty("n").GetString());
        Assert.Equal("ü", five.GetProperty("headers").GetProperty("é").GetString());
        Assert.Equal("k5", five.GetProperty("key").GetString());
    }

    [PythonAvroFact]
    public void RecordsEncodedByPythonAvro_AreTakenWithTheirHeaders()
    {
        var lines = string.Concat(Enumerable.Range(0, 15).Select(i =>
            JsonSerializer.Serialize(new { key = i % 2 == 0 ? "even" : null, headers = new Dictionary<string, string> { ["i"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }, body = "py-" + i }) + "\n"));
        Python("write", "ch-avro-in", lines);
        using var channel = Channel(("kafka.topic", "ch-avro-in"), ("kafka.consumer.group.id", "ch-in"));
        var taken = TakeAll(channel, 15);
        Assert.Equal(15, taken.Select(e => Encoding.UTF8.GetString(e.Body)).Distinct().Count());
        var four = taken.Single(e => Encoding.UTF8.GetString(e.Body) == "py-4");
        Assert.Equal("4", four.Header("i"));
        Assert.Equal("even", four.Header("key"));
        Assert.Null(taken.Single(e => Encoding.UTF8.GetString(e.Body) == "py-3").Header("key"));
    }

    [KcatFact]
    public void RolledBackTake_IsTakenAgain_AndOffsetsAreCommittedOnlyAtTakeCommit()
    {
        using var channel = Channel(("kafka.topic", "ch-tx"), ("kafka.consumer.group.id", "ch-tx"), ("parseAsFlumeEvent", "false"), ("defaultPartitionId", "0"));
        using (var put = channel.BeginTransaction())
        {
            for (var i = 0; i < 10; i++)
            {
                put.Put(new FlumeEvent(Encoding.UTF8.GetBytes("t" + i)));
            }
            put.Commit();
        }
        Assert.Equal(10, Kcat.ReadAll(_kafka.Bootstrap, "ch-tx").Length);
        List<string> first;
        using (var tx = channel.BeginTransaction())
        {
            first = TakeSome(tx, 4);
            tx.Rollback();
        }
        Assert.Equal(0, _kafka.Committed("ch-tx", "ch-tx"));
        using (var tx = channel.BeginTransaction())
        {
            var again = TakeSome(tx, 10);
            Assert.Equal(first, again.Take(4));
            Assert.Equal(10, again.Distinct().Count());
            tx.Commit();
        }
        Assert.Equal(10, _kafka.Committed("ch-tx", "ch-tx"));
        Assert.Equal(10, channel.Counter.EventTakeSuccessCount);
        Assert.Equal(10, channel.Counter.EventPutSuccessCount);
    }

    [Fact]
    public void LegacyKeys_AreTranslated()
    {
        var o = KafkaChannelBinding.Bind(SourceHarness.Options(ChannelSpecs.Kafka,
            ("brokerList", "b:1"), ("topic", "old"), ("groupId", "g"), ("readSmallestOffset", "false")));
        Assert.Equal("b:1", o.Consumer["bootstrap.servers"]);
        Assert.Equal("old", o.Topic);
        Assert.Equal("g", o.Consumer["group.id"]);
        Assert.Equal("latest", o.Consumer["auto.offset.reset"]);
        Assert.Equal("all", o.Producer["acks"]);
        var d = KafkaChannelBinding.Bind(SourceHarness.Options(ChannelSpecs.Kafka, ("kafka.bootstrap.servers", "b:1")));
        Assert.Equal("earliest", d.Consumer["auto.offset.reset"]);
        Assert.Equal("flume-channel", d.Topic);
        Assert.True(d.ParseAsFlumeEvent);
    }

    private KafkaChannel Channel(params (string Key, string Value)[] props) =>
        (KafkaChannel)KafkaChannelBinding.Factory.Channel!(SourceHarness.Options(ChannelSpecs.Kafka,
            [("kafka.bootstrap.servers", _kafka.Bootstrap), ("kafka.pollTimeout", "200"), .. props]));

    private static List<string> TakeSome(IChannelTransaction tx, int count)
    {
        var bodies = new List<string>();
        var watch = Stopwatch.StartNew();
        while (bodies.Count < count)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took only {bodies.Count} of {count}");
            if (tx.Take() is { } e)
            {
                bodies.Add(Encoding.UTF8.GetString(e.Body));
            }
        }
        return bodies;
    }

    private static List<FlumeEvent> TakeAll(KafkaChannel channel, int count)
    {
        var events = new List<FlumeEvent>();
        var watch = Stopwatch.StartNew();
        while (events.Count < count)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took only {events.Count} of {count}");
            using var tx = channel.BeginTransaction();
            while (tx.Take() is { } e)
            {
                events.Add(e);
            }
            tx.Commit();
        }
        return events;
    }

    private string Python(string mode, string topic, string? stdin, params string[] extra)
    {
        var script = Path.GetTempFileName();
        System.IO.File.WriteAllText(script, Script);
        try
        {
            var psi = new ProcessStartInfo(PythonAvroFactAttribute.Python)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in (string[])[script, mode, _kafka.Bootstrap, topic, Schema, .. extra])
            {
                psi.ArgumentList.Add(a);
            }
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            p.StandardInput.Write(stdin ?? "");
            p.StandardInput.Close();
            Assert.True(p.WaitForExit(TimeSpan.FromSeconds(120)), "python did not finish");
            Assert.True(p.ExitCode == 0, stderr.Result);
            return stdout.Result;
        }
        finally
        {
            System.IO.File.Delete(script);
        }
    }
}

/// <summary>Skipped with the reason when Debian's python3-kafka or python3-avro is missing.</summary>
public sealed class PythonAvroFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    public PythonAvroFactAttribute()
    {
        if (!System.IO.File.Exists(Python))
        {
            Skip = "/usr/bin/python3 is missing";
            return;
        }
        using var p = Process.Start(new ProcessStartInfo(Python, "-c \"import kafka, avro.io\"") { UseShellExecute = false, RedirectStandardError = true })!;
        p.WaitForExit(30_000);
        if (p.ExitCode != 0)
        {
            Skip = "python3-kafka or python3-avro is not installed (apt-get install python3-kafka python3-avro)";
        }
    }
}
