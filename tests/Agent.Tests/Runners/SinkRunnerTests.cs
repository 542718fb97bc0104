using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Processors;
using FlumeNet.Agent.Runners;

namespace FlumeNet.Agent.Tests.Runners;

public sealed class SinkRunnerTests
{
    [Fact]
    public void Stop_DrainsWhatTheChannelHolds_BeforeStoppingTheSink()
    {
        var channel = new MemoryChannel("c1", new MemoryChannelOptions(10_000, 100, TimeSpan.FromMilliseconds(10)));
        var sink = new CountingSink(channel) { Gate = new ManualResetEventSlim(false) };
        var runner = new SinkRunner(new DefaultSinkProcessor("k1", sink));
        runner.Start();
        Put(channel, 5000);
        // The sink is held back until Stop has been called, so everything is still in the channel then.
        var stopping = new Thread(runner.Stop);
        stopping.Start();
        Thread.Sleep(100);
        sink.Gate.Set();
        Assert.True(stopping.Join(TimeSpan.FromSeconds(30)));
        Assert.Equal(5000, sink.Delivered);
        Assert.True(sink.Stopped);
    }

    [Fact]
    public void Stop_GivesUpDraining_WhenABatchFails()
    {
        var channel = new MemoryChannel("c1", new MemoryChannelOptions(10_000, 100, TimeSpan.FromMilliseconds(10)));
        var sink = new CountingSink(channel) { FailAlways = true };
        var runner = new SinkRunner(new DefaultSinkProcessor("k1", sink), errorBackoff: TimeSpan.FromMilliseconds(10));
        Put(channel, 500);
        runner.Start();
        var stopping = new Thread(runner.Stop);
        stopping.Start();
        Assert.True(stopping.Join(TimeSpan.FromSeconds(5)), "a failing sink must not hold the stop for the whole drain timeout");
        Assert.Equal(0, sink.Delivered);
    }

    private static void Put(MemoryChannel channel, int count)
    {
        for (var done = 0; done < count; done += 100)
        {
            using var tx = channel.BeginTransaction();
            for (var i = 0; i < 100; i++)
            {
                tx.Put(new FlumeEvent([1]));
            }
            tx.Commit();
        }
    }

    private sealed class CountingSink(IChannel channel) : ISink
    {
        public ManualResetEventSlim? Gate { get; init; }

        public bool FailAlways { get; init; }

        public int Delivered { get; private set; }

        public bool Stopped { get; private set; }

        public string Name => "k1";

        public IChannel Channel => channel;

        public void Start()
        {
        }

        public void Stop() => Stopped = true;

        public ProcessStatus Process()
        {
            Gate?.Wait();
            using var tx = channel.BeginTransaction();
            var taken = 0;
            while (taken < 100 && tx.Take() is not null)
            {
                taken++;
            }
            if (FailAlways && taken > 0)
            {
                tx.Rollback();
                throw new EventDeliveryException("destination down");
            }
            tx.Commit();
            Delivered += taken;
            return taken == 0 ? ProcessStatus.Backoff : ProcessStatus.Ready;
        }
    }
}
