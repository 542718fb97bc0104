using System.Diagnostics;
using System.Text;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Sources.Kafka;
using FlumeNet.Agent.Tests.Kafka;

namespace FlumeNet.Agent.Tests.Sources.Kafka;

/// <summary>The Kafka source against the emulator process, fed by kcat.</summary>
public sealed class KafkaSourceTests : IClassFixture<KafkaEmulatorFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly KafkaEmulatorProcess _kafka;

    public KafkaSourceTests(KafkaEmulatorFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        _kafka = fixture.Emulator;
    }

    [KcatFact]
    public void Records_BecomeEventsWithFlumeHeaders_AndOffsetsAreCommittedAfterTheChannel()
    {
        var lines = string.Concat(Enumerable.Range(0, 300).Select(i => $"k{i % 4}:v{i}\n"));
        Assert.Equal(0, Kcat.Run(_kafka.Bootstrap, lines, "-P", "-t", "src-headers", "-K", ":", "-H", "trace=abc").ExitCode);
        var harness = new SourceHarness(capacity: 10_000, transactionCapacity: 1000);
        var source = Source(harness, ("kafka.topics", "src-headers"), ("batchSize", "100"), ("batchDurationMillis", "200"), ("header.traceId", "trace"),
            ("kafka.consumer.auto.offset.reset", "earliest"));
        source.Start();
        try
        {
            PollUntil(source, () => harness.Channel.Count >= 300);
            harness.Drain();
            harness.Drain();
            harness.Drain();
            var events = harness.Received;
            Assert.Equal(300, events.Count);
            Assert.Equal(300, events.Select(SourceHarness.Text).Distinct().Count());
            var first = events.First(e => SourceHarness.Text(e) == "v5");
            Assert.Equal("k1", first.Header("key"));
            Assert.Equal("src-headers", first.Header("topic"));
            Assert.Equal("abc", first.Header("traceId"));
            Assert.NotNull(first.Header("partition"));
            Assert.NotNull(first.Header("offset"));
            Assert.True(long.Parse(first.Header("timestamp")!, System.Globalization.CultureInfo.InvariantCulture) > 1_600_000_000_000);
            PollUntil(source, () => _kafka.Committed("flume", "src-headers") == 300);
            Assert.Equal(300, source.Counter.EventAcceptedCount);
        }
        finally
        {
            source.Stop();
        }
    }

    [KcatFact]
    public void BatchTheChannelRefuses_IsRetriedAndNotCommittedMeanwhile()
    {
        Assert.Equal(0, Kcat.Run(_kafka.Bootstrap, string.Concat(Enumerable.Range(0, 50).Select(i => $"m{i}\n")), "-P", "-t", "src-full", "-p", "0").ExitCode);
        var harness = new SourceHarness(capacity: 30, transactionCapacity: 100);
        // Long enough for the whole batch of 50 to arrive in one call even on a loaded machine (a partial batch would fit).
        var source = Source(harness, ("kafka.topics", "src-full"), ("batchSize", "50"), ("batchDurationMillis", "2000"), ("kafka.consumer.auto.offset.reset", "earliest"),
            ("kafka.consumer.group.id", "small"));
        source.Start();
        try
        {
            var watch = Stopwatch.StartNew();
            while (source.Counter.ChannelWriteFail == 0)
            {
                Assert.True(watch.Elapsed < Patience, "the channel never refused the batch");
                source.Process();
            }
            Assert.Equal(0, _kafka.Committed("small", "src-full"));
            Assert.Equal(0, harness.Channel.Count);
            harness.Channel.Reconfigure(new FlumeNet.Agent.Channels.MemoryChannelOptions(1000, 100, TimeSpan.FromMilliseconds(20)));
            Assert.Equal(ProcessStatus.Ready, source.Process());
            Assert.Equal(50, harness.Channel.Count);
            // In the memory channel only: not committed until a sink took and committed the batch.
            source.Process();
            Assert.Equal(0, _kafka.Committed("small", "src-full"));
            harness.Drain();
            PollUntil(source, () => _kafka.Committed("small", "src-full") == 50);
        }
        finally
        {
            source.Stop();
        }
    }

    [KcatFact]
    public void MemoryChannel_HoldsAtMostOneWindowUncommitted_AndAPartlyStoredBatchIsCommittedAsStored()
    {
        Assert.Equal(0, Kcat.Run(_kafka.Bootstrap, string.Concat(Enumerable.Range(0, 500).Select(i => $"w{i}\n")), "-P", "-t", "src-window", "-p", "0").ExitCode);
        // batchSize 100 and transactionCapacity 100: one window of 100 records may be in the channel or uncommitted.
        var harness = new SourceHarness(capacity: 10_000, transactionCapacity: 100);
        var source = Source(harness, ("kafka.topics", "src-window"), ("batchSize", "100"), ("batchDurationMillis", "200"),
            ("kafka.consumer.auto.offset.reset", "earliest"), ("kafka.consumer.group.id", "window"));
        source.Start();
        try
        {
            Assert.Equal(100, source.Window);
            PollUntil(source, () => harness.Channel.Count >= 100);
            // Nothing stored yet: the window is full, so no more records go into the channel.
            source.Process();
            Assert.Equal(100, harness.Channel.Count);
            Assert.Equal(0, _kafka.Committed("window", "src-window"));
            // A sink batch of 30 ends inside the source's batch of 100: those 30 are committed at once.
            using (var tx = harness.Channel.BeginTransaction())
            {
                for (var i = 0; i < 30; i++)
                {
                    Assert.NotNull(tx.Take());
                }
                tx.Commit();
            }
            PollUntil(source, () => _kafka.Committed("window", "src-window") == 30);
            var watch = Stopwatch.StartNew();
            while (harness.Received.Count < 470 || _kafka.Committed("window", "src-window") < 500)
            {
                Assert.True(watch.Elapsed < Patience, $"{harness.Received.Count} of 470 events taken");
                source.Process();
                Assert.True(source.InFlight <= source.Window, $"{source.InFlight} records in flight, window {source.Window}");
                Assert.True(harness.Channel.Count <= source.Window);
                harness.Drain();
            }
            Assert.Equal(470, harness.Received.Select(SourceHarness.Text).Distinct().Count());
        }
        finally
        {
            source.Stop();
        }
    }

    [KcatFact]
    public void FlumeEventFormat_RestoresHeadersAndBody()
    {
        var datum = AvroFlumeEventCodec.Encode(new FlumeEvent("payload"u8.ToArray(), new Dictionary<string, string> { ["host"] = "h1", ["topic"] = "original" }));
        var file = Path.GetTempFileName();
        File.WriteAllBytes(file, datum);
        try
        {
            Assert.Equal(0, Kcat.Run(_kafka.Bootstrap, null, "-P", "-t", "src-avro", "-p", "1", file).ExitCode);
        }
        finally
        {
            File.Delete(file);
        }
        var harness = new SourceHarness();
        var source = Source(harness, ("kafka.topics", "src-avro"), ("useFlumeEventFormat", "true"), ("batchDurationMillis", "200"), ("kafka.consumer.auto.offset.reset", "earliest"),
            ("kafka.consumer.group.id", "avro"));
        source.Start();
        try
        {
            PollUntil(source, () => harness.Channel.Count >= 1);
            harness.WaitFor(1);
            var e = harness.Received[0];
            Assert.Equal("payload", SourceHarness.Text(e));
            Assert.Equal("h1", e.Header("host"));
            Assert.Equal("original", e.Header("topic"));
            Assert.Equal("1", e.Header("partition"));
        }
        finally
        {
            source.Stop();
        }
    }

    [Fact]
    public void LegacyKeys_AreTranslated_AndZookeeperAloneIsRefused()
    {
        var o = KafkaSourceBinding.Bind(SourceHarness.Options(MessagingSourceSpecs.Kafka,
            ("kafka.bootstrap.servers", "b:1"), ("topic", "t1"), ("groupId", "g1")));
        Assert.Equal(["t1"], o.Topics);
        Assert.Equal("g1", o.GroupId);
        Assert.Equal("g1", o.Consumer["group.id"]);
        var both = KafkaSourceBinding.Bind(SourceHarness.Options(MessagingSourceSpecs.Kafka,
            ("kafka.bootstrap.servers", "b:1"), ("kafka.topics.regex", "logs-.*"), ("topic", "t1"), ("groupId", "g1"), ("kafka.consumer.group.id", "new")));
        Assert.Empty(both.Topics);
        Assert.Equal("^logs-.*", both.TopicPattern);
        Assert.Equal("new", both.GroupId);
        Assert.Equal("false", both.Consumer["enable.auto.commit"]);
        var zk = Assert.Throws<PermanentStartException>(() => KafkaSourceBinding.Bind(SourceHarness.Options(MessagingSourceSpecs.Kafka,
            ("zookeeperConnect", "zk:2181"), ("topic", "t1"))));
        Assert.Contains("kafka.bootstrap.servers", zk.Message, StringComparison.Ordinal);
        Assert.Contains("ZooKeeper", zk.Message, StringComparison.Ordinal);
    }

    private KafkaSource Source(SourceHarness harness, params (string Key, string Value)[] props) =>
        (KafkaSource)KafkaSourceBinding.Factory.Source!(SourceHarness.Options(MessagingSourceSpecs.Kafka,
            [("kafka.bootstrap.servers", _kafka.Bootstrap), .. props]), harness.Processor);

    private static void PollUntil(KafkaSource source, Func<bool> done)
    {
        var watch = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(watch.Elapsed < Patience, "condition not reached in time");
            source.Process();
        }
    }
}
