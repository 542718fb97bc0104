using System.Text;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Sinks.Kafka;
using FlumeNet.Agent.Tests.Kafka;
using FlumeNet.Agent.Tests.Sources;

namespace FlumeNet.Agent.Tests.Sinks.Kafka;

/// <summary>The Kafka sink against the emulator process, read back with kcat.</summary>
public sealed class KafkaSinkTests : IClassFixture<KafkaEmulatorFixture>
{
    private readonly KafkaEmulatorProcess _kafka;
    private readonly MemoryChannel _channel = new("c1", new MemoryChannelOptions(10_000, 1000, TimeSpan.FromMilliseconds(20)));

    public KafkaSinkTests(KafkaEmulatorFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        _kafka = fixture.Emulator;
    }

    [KcatFact]
    public void Batch_IsPublishedWithKeysAndCommittedOnlyAfterTheAcks()
    {
        Put(250, i => new FlumeEvent(Encoding.UTF8.GetBytes("e" + i), new Dictionary<string, string> { ["key"] = "k" + (i % 5) }));
        var sink = Sink(("kafka.topic", "sink-keys"), ("flumeBatchSize", "100"));
        sink.Start();
        try
        {
            Assert.Equal(ProcessStatus.Ready, sink.Process());
            Assert.Equal(150, _channel.Count);
            // A take is committed only after its records were acknowledged (read the commit count first).
            var committed = _channel.Counter.EventTakeSuccessCount;
            Assert.True(committed <= _kafka.Records("sink-keys"), $"{committed} taken and committed before they were acknowledged");
            while (sink.Process() == ProcessStatus.Ready)
            {
            }
            Assert.Equal(0, _channel.Count);
            Assert.Equal(250, _kafka.Records("sink-keys"));
            Assert.Equal(250, sink.Counter.EventDrainSuccessCount);
            Assert.Equal(0, sink.Kafka.RollbackCount);
            Assert.Contains(sink.ExtraCounters, c => c.Name == "KafkaEventSendTimer");
        }
        finally
        {
            sink.Stop();
        }
        var records = Kcat.ReadAll(_kafka.Bootstrap, "sink-keys", "%k=%s@%p\\n");
        Assert.Equal(250, records.Length);
        Assert.Equal(250, records.Select(r => r.Split('@')[0]).Distinct().Count());
        // One key always lands on one partition (murmur2, as the Java producer).
        foreach (var byKey in records.GroupBy(r => r.Split('=')[0]))
        {
            Assert.Single(byKey.Select(r => r.Split('@')[1]).Distinct());
        }
    }

    [KcatFact]
    public void TopicHeader_PartitionHeader_AndFlumeEventFormat_AreHonoured()
    {
        Put(1, _ => new FlumeEvent("routed"u8.ToArray(), new Dictionary<string, string> { ["dest"] = "sink-routed", ["p"] = "2", ["a"] = "b" }));
        Put(1, _ => new FlumeEvent("fallback"u8.ToArray(), new Dictionary<string, string> { ["p"] = "1" }));
        var sink = Sink(("kafka.topic", "sink-fallback"), ("topicHeader", "dest"), ("partitionIdHeader", "p"), ("useFlumeEventFormat", "true"));
        sink.Start();
        try
        {
            Assert.Equal(ProcessStatus.Ready, sink.Process());
        }
        finally
        {
            sink.Stop();
        }
        var routed = Kcat.Run(_kafka.Bootstrap, null, binary: true, "-C", "-t", "sink-routed", "-p", "2", "-e", "-q", "-D", "");
        var decoded = AvroFlumeEventCodec.Decode(Encoding.Latin1.GetBytes(routed.Stdout));
        Assert.Equal("routed", Encoding.UTF8.GetString(decoded.Body));
        Assert.Equal("b", decoded.Headers["a"]);
        Assert.Single(Kcat.ReadAll(_kafka.Bootstrap, "sink-routed", "%o\\n"));
        var fallback = Kcat.ReadAll(_kafka.Bootstrap, "sink-fallback", "%p\\n");
        Assert.Equal(["1"], fallback);
    }

    [KcatFact]
    public void RejectedBatch_IsRolledBackAndSentAgain()
    {
        Put(20, i => new FlumeEvent(Encoding.UTF8.GetBytes("r" + i)));
        // MESSAGE_TOO_LARGE (10) is not retried by librdkafka: the batch fails and must stay in the channel.
        _kafka.Fault(new { api = "Produce", topic = "sink-retry", error = "10", count = 1 });
        var sink = Sink(("kafka.topic", "sink-retry"), ("flumeBatchSize", "20"), ("kafka.producer.linger.ms", "50"));
        sink.Start();
        try
        {
            // A full batch may still be in flight when Process returns: the failure surfaces when it completes.
            Assert.Throws<EventDeliveryException>(() => DrainUntilBackoff(sink));
            Assert.Equal(20, _channel.Count);
            Assert.Equal(1, sink.Kafka.RollbackCount);
            DrainUntilBackoff(sink);
            Assert.Equal(0, _channel.Count);
        }
        finally
        {
            sink.Stop();
        }
        var bodies = Kcat.ReadAll(_kafka.Bootstrap, "sink-retry");
        Assert.Equal(20, bodies.Distinct().Count());
        Assert.True(bodies.Length >= 20);
    }

    [KcatFact]
    public void FailureWithBatchesInFlight_RollsThemAllBackInTheirOrder()
    {
        Put(100, i => new FlumeEvent(Encoding.UTF8.GetBytes($"o{i:D3}")));
        _kafka.Fault(new { api = "Produce", topic = "sink-inflight", error = "10", count = 1 });
        var sink = Sink(("kafka.topic", "sink-inflight"), ("flumeBatchSize", "10"), ("kafka.producer.linger.ms", "20"));
        sink.Start();
        try
        {
            Assert.Throws<EventDeliveryException>(() => DrainUntilBackoff(sink));
            // Whatever was not committed is back, oldest first, so a retry keeps the channel's order.
            var left = Bodies();
            Assert.Equal(left.Order(StringComparer.Ordinal), left);
            Assert.True(sink.Kafka.RollbackCount >= 1);
            Assert.Equal(100, left.Count + sink.Counter.EventDrainSuccessCount);
            DrainUntilBackoff(sink);
            Assert.Equal(0, _channel.Count);
        }
        finally
        {
            sink.Stop();
        }
        var bodies = Kcat.ReadAll(_kafka.Bootstrap, "sink-inflight");
        Assert.Equal(100, bodies.Distinct().Count());
    }

    [KcatFact]
    public void Stop_CommitsTheBatchesAlreadyAcknowledged_AndKeepsTheRest()
    {
        Put(30, i => new FlumeEvent(Encoding.UTF8.GetBytes("s" + i)));
        var sink = Sink(("kafka.topic", "sink-stop"), ("flumeBatchSize", "10"), ("kafka.producer.linger.ms", "50"));
        sink.Start();
        // Two full batches left in flight, as when the runner's drain limit ends its loop between batches.
        Assert.Equal(ProcessStatus.Ready, sink.Process());
        Assert.Equal(ProcessStatus.Ready, sink.Process());
        sink.Stop();
        // Acknowledged batches are committed, not rolled back to be sent a second time after a restart.
        Assert.Equal(10, _channel.Count);
        Assert.Equal(0, sink.Kafka.RollbackCount);
        Assert.Equal(20, sink.Counter.EventDrainSuccessCount);
        Assert.Equal(20, Kcat.ReadAll(_kafka.Bootstrap, "sink-stop").Length);
    }

    [Fact]
    public void LegacyKeys_AreTranslated()
    {
        var o = KafkaSinkBinding.Bind(SourceHarness.Options(StoreSinkSpecs.Kafka,
            ("brokerList", "b1:9092"), ("topic", "legacy"), ("batchSize", "7"), ("requiredAcks", "-1")));
        Assert.Equal("b1:9092", o.Producer["bootstrap.servers"]);
        Assert.Equal("legacy", o.Topic);
        Assert.Equal(7, o.BatchSize);
        Assert.Equal("-1", o.Producer["acks"]);
        var modern = KafkaSinkBinding.Bind(SourceHarness.Options(StoreSinkSpecs.Kafka,
            ("kafka.bootstrap.servers", "new:1"), ("brokerList", "old:1"), ("kafka.topic", "t"), ("topic", "x"), ("kafka.producer.acks", "all"), ("requiredAcks", "0")));
        Assert.Equal("new:1", modern.Producer["bootstrap.servers"]);
        Assert.Equal("t", modern.Topic);
        Assert.Equal("all", modern.Producer["acks"]);
        Assert.Equal("1", KafkaSinkBinding.Bind(SourceHarness.Options(StoreSinkSpecs.Kafka, ("kafka.bootstrap.servers", "b:1"))).Producer["acks"]);
    }

    private KafkaSink Sink(params (string Key, string Value)[] props) =>
        (KafkaSink)KafkaSinkBinding.Factory.Sink!(SourceHarness.Options(StoreSinkSpecs.Kafka,
            [("kafka.bootstrap.servers", _kafka.Bootstrap), .. props]), _channel);

    private static void DrainUntilBackoff(KafkaSink sink)
    {
        for (var i = 0; i < 10_000 && sink.Process() == ProcessStatus.Ready; i++)
        {
        }
    }

    /// <summary>The channel's bodies in take order, left in the channel (the take is rolled back).</summary>
    private List<string> Bodies()
    {
        var bodies = new List<string>();
        using var tx = _channel.BeginTransaction();
        while (tx.Take() is { } e)
        {
            bodies.Add(Encoding.UTF8.GetString(e.Body));
        }
        tx.Rollback();
        return bodies;
    }

    private void Put(int count, Func<int, FlumeEvent> make)
    {
        using var tx = _channel.BeginTransaction();
        for (var i = 0; i < count; i++)
        {
            tx.Put(make(i));
        }
        tx.Commit();
    }
}
