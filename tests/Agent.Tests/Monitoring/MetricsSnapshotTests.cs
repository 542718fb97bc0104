using System.Text.Json;
using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Hosting;
using FlumeNet.Agent.Monitoring;
using FlumeNet.Agent.Runners;
using FlumeNet.Agent.Processors;
using FlumeNet.Agent.Selectors;
using FlumeNet.Agent.Sinks;
using FlumeNet.Agent.Sources;

namespace FlumeNet.Agent.Tests.Monitoring;

/// <summary>Flume's /metrics shape (reference §7.2–7.3): "TYPE.name" objects, Flume's attribute names, every value a string.</summary>
public sealed class MetricsSnapshotTests
{
    private static Topology SeqToNull(out MemoryChannel channel, out SequenceGeneratorSource source, out NullSink sink)
    {
        channel = new MemoryChannel("c1", new MemoryChannelOptions(100, 100, TimeSpan.FromMilliseconds(10)));
        var processor = new ChannelProcessor(new ReplicatingChannelSelector([channel], new HashSet<string>()), []);
        source = new SequenceGeneratorSource("r1", processor, 10, 30, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1));
        sink = new NullSink("k1", channel, 100, 10_000);
        var t = new Topology();
        t.Channels["c1"] = channel;
        t.Sources.Add(source);
        t.SourceProcessors["r1"] = processor;
        t.SinkRunners.Add(new SinkRunner(new DefaultSinkProcessor("k1", sink)));
        return t;
    }

    [Fact]
    public void Json_HasFlumesKeysAndAttributeNames_AndCountersMove()
    {
        var t = SeqToNull(out var channel, out var source, out var sink);
        channel.Counter.Start();
        source.Start();
        sink.Start();
        while (source.Process() == ProcessStatus.Ready)
        {
        }
        sink.Process();

        var json = JsonDocument.Parse(MetricsSnapshot.ToJson(t)).RootElement;
        var src = json.GetProperty("SOURCE.r1");
        var ch = json.GetProperty("CHANNEL.c1");
        var snk = json.GetProperty("SINK.k1");
        Assert.Equal("30", src.GetProperty("EventReceivedCount").GetString());
        Assert.Equal("30", src.GetProperty("EventAcceptedCount").GetString());
        Assert.Equal("3", src.GetProperty("AppendBatchAcceptedCount").GetString());
        Assert.Equal("SOURCE", src.GetProperty("Type").GetString());
        Assert.Equal("30", ch.GetProperty("EventPutSuccessCount").GetString());
        Assert.Equal("30", ch.GetProperty("EventTakeSuccessCount").GetString());
        Assert.Equal("0", ch.GetProperty("ChannelSize").GetString());
        Assert.Equal("100", ch.GetProperty("ChannelCapacity").GetString());
        Assert.Equal("0.0", ch.GetProperty("ChannelFillPercentage").GetString());
        Assert.Equal("30", snk.GetProperty("EventDrainSuccessCount").GetString());
        Assert.Equal("1", snk.GetProperty("BatchUnderflowCount").GetString());
        Assert.Equal("0", snk.GetProperty("StopTime").GetString());
        foreach (var component in json.EnumerateObject())
        {
            Assert.All(component.Value.EnumerateObject(), a => Assert.Equal(JsonValueKind.String, a.Value.ValueKind));
        }
    }

    [Fact]
    public void Prometheus_HasOneSamplePerCounter()
    {
        var t = SeqToNull(out var channel, out _, out _);
        channel.Counter.Start();
        var text = MetricsSnapshot.ToPrometheus(t);
        Assert.Contains("flume_channel_channelcapacity{component=\"c1\"} 100\n", text, StringComparison.Ordinal);
        Assert.Contains("flume_source_eventacceptedcount{component=\"r1\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("flume_sink_eventdrainsuccesscount{component=\"k1\"} 0\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("_type{", text, StringComparison.Ordinal);
    }
}
