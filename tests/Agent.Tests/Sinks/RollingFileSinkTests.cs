using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Serializers;
using FlumeNet.Agent.Sinks;

namespace FlumeNet.Agent.Tests.Sinks;

public sealed class RollingFileSinkTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rollingfilesink-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private RollingFileSink NewSink(IChannel channel, int batchSize) =>
        new("k1", channel, new RollingFileSinkOptions(_dir, TimeSpan.Zero, batchSize, false, "", "",
            s => new BodyTextEventSerializer(s, appendNewline: true)));

    private static MemoryChannel Channel(int capacity) => new("c1", new MemoryChannelOptions(capacity, capacity, TimeSpan.FromMilliseconds(20)));

    private static void Put(MemoryChannel c, IEnumerable<byte[]> bodies)
    {
        using var tx = c.BeginTransaction();
        foreach (var b in bodies)
        {
            tx.Put(new FlumeEvent(b));
        }
        tx.Commit();
    }

    [Fact]
    public void Process_WritesEachBatch_AndCountsIt()
    {
        var c = Channel(10);
        Put(c, [.. new[] { "a", "bb", "ccc" }.Select(System.Text.Encoding.ASCII.GetBytes)]);
        var sink = NewSink(c, batchSize: 2);
        sink.Start();
        Assert.Equal(ProcessStatus.Ready, sink.Process());
        // Committed only after the bytes reached the file: readable before the sink closes it.
        Assert.Equal("a\nbb\n", File.ReadAllText(sink.CurrentFile!));
        Assert.Equal(ProcessStatus.Ready, sink.Process());
        Assert.Equal(ProcessStatus.Backoff, sink.Process());
        var file = sink.CurrentFile!;
        sink.Stop();
        Assert.Equal("a\nbb\nccc\n", File.ReadAllText(file));
        Assert.Equal(3, sink.Counter.EventDrainAttemptCount);
        Assert.Equal(3, sink.Counter.EventDrainSuccessCount);
        Assert.Equal(1, sink.Counter.BatchCompleteCount);
        Assert.Equal(1, sink.Counter.BatchUnderflowCount);
        Assert.Equal(1, sink.Counter.BatchEmptyCount);
        Assert.Equal(0, c.Count);
    }

    [Fact]
    public void BatchBiggerThanTheWriteChunk_LandsWhole_InOrder()
    {
        const int events = 600;
        var bodies = new List<byte[]>();
        for (var i = 0; i < events; i++)
        {
            var body = new byte[4000];
            Array.Fill(body, (byte)('a' + (i % 26)));
            bodies.Add(body);
        }
        Assert.True(events * 4001 > RollingFileSink.WriteChunk);
        var c = Channel(events);
        Put(c, bodies);
        var sink = NewSink(c, batchSize: events);
        sink.Start();
        Assert.Equal(ProcessStatus.Ready, sink.Process());
        var file = sink.CurrentFile!;
        sink.Stop();
        var written = File.ReadAllBytes(file);
        Assert.Equal(events * 4001, written.Length);
        for (var i = 0; i < events; i++)
        {
            Assert.Equal((byte)('a' + (i % 26)), written[(i * 4001) + 3999]);
            Assert.Equal((byte)'\n', written[(i * 4001) + 4000]);
        }
    }
}
