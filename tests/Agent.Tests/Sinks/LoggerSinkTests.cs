using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Sinks;

namespace FlumeNet.Agent.Tests.Sinks;

public sealed class LoggerSinkTests
{
    [Fact]
    public void Process_CountsDrainAttemptsAndSuccesses_LikeTheOtherSinks()
    {
        var channel = new MemoryChannel("c1", new MemoryChannelOptions(10, 10, TimeSpan.FromMilliseconds(20)));
        using (var tx = channel.BeginTransaction())
        {
            tx.PutBatch([new FlumeEvent("a"u8.ToArray()), new FlumeEvent("b"u8.ToArray())]);
            tx.Commit();
        }
        var sink = new LoggerSink("k1", channel);
        sink.Start();
        Assert.Equal(ProcessStatus.Ready, sink.Process());
        Assert.Equal(ProcessStatus.Ready, sink.Process());
        Assert.Equal(ProcessStatus.Backoff, sink.Process());
        sink.Stop();
        Assert.Equal(2, sink.Counter.EventDrainAttemptCount);
        Assert.Equal(2, sink.Counter.EventDrainSuccessCount);
        Assert.Equal(2, sink.Counter.BatchCompleteCount);
        Assert.Equal(1, sink.Counter.BatchEmptyCount);
        Assert.Equal(2, channel.Counter.EventTakeSuccessCount);
    }
}
