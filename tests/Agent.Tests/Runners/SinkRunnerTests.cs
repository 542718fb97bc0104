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
        var stopping = new Thread(runner.Stop) { IsBackground = true };
        stopping.Start();
        Assert.True(SpinWait.SpinUntil(() => stopping.ThreadState.HasFlag(ThreadState.WaitSleepJoin), TimeSpan.FromSeconds(30)));
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
        var runnerWithLongDrain = runner;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        runnerWithLongDrain.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(9), "a failing sink must not hold the stop for the whole drain timeout");
        Assert.Equal(0, sink.Delivered);
    }

    [Fact]
    public void Stop_OfAnIdleSink_DoesNotWaitOutKeepAlive()
    {
        var channel = new MemoryChannel("c1", new MemoryChannelOptions(100, 100, TimeSpan.FromSeconds(30)));
        var sink = new CountingSink(channel);
        var runner = new SinkRunner(new DefaultSinkProcessor("k1", sink), backoffStep: TimeSpan.FromMilliseconds(1), maxBackoff: TimeSpan.FromMilliseconds(1))
        {
            DrainTimeout = TimeSpan.FromSeconds(60),
        };
        runner.Start();
        // Let the sink loop between takes and backoffs so the stop meets it anywhere.
        Assert.True(SpinWait.SpinUntil(() => channel.Counter.EventTakeAttemptCount > 0, TimeSpan.FromSeconds(30)));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        runner.Stop();
        // keep-alive is 30 s and the drain limit 60 s: either would show here.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"stopped after {watch.Elapsed}");
        Assert.True(sink.Stopped);
    }

    [Fact]
    public void Stop_OfASinkThatRetriesUntilStopped_EndsAfterTheDrainLimit()
    {
        var channel = new MemoryChannel("c1", new MemoryChannelOptions(100, 100, TimeSpan.FromMilliseconds(10)));
        Put(channel, 100);
        using var sink = new RetryUntilStoppedSink(channel);
        var runner = new SinkRunner(new DefaultSinkProcessor("k1", sink))
        {
            DrainTimeout = TimeSpan.FromMilliseconds(300),
            AbortGrace = TimeSpan.FromSeconds(30),
        };
        runner.Start();
        Assert.True(sink.Entered.Wait(TimeSpan.FromSeconds(30)));
        var stopping = new Thread(runner.Stop) { IsBackground = true };
        stopping.Start();
        Assert.True(stopping.Join(TimeSpan.FromSeconds(30)), "the runner waited for a sink that retries until it is told to stop");
        Assert.True(sink.Stopped);
        Assert.Equal(100, channel.Count);
    }

    [Fact]
    public void Stop_OfASinkThatIgnoresEveryStopSignal_IsStillBounded()
    {
        var channel = new MemoryChannel("c1", new MemoryChannelOptions(100, 100, TimeSpan.FromMilliseconds(10)));
        Put(channel, 100);
        using var never = new ManualResetEventSlim(false);
        var sink = new CountingSink(channel) { Gate = never };
        var runner = new SinkRunner(new DefaultSinkProcessor("k1", sink))
        {
            DrainTimeout = TimeSpan.FromMilliseconds(200),
            AbortGrace = TimeSpan.FromMilliseconds(200),
        };
        runner.Start();
        var stopping = new Thread(runner.Stop) { IsBackground = true };
        stopping.Start();
        Assert.True(stopping.Join(TimeSpan.FromSeconds(30)));
        never.Set();
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

    /// <summary>Like the LogHub sink with its endpoint down: Process retries until Stop is called.</summary>
    private sealed class RetryUntilStoppedSink(IChannel channel) : ISink, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public void Dispose()
        {
            _stopping.Dispose();
            Entered.Dispose();
        }

        public ManualResetEventSlim Entered { get; } = new(false);

        public bool Stopped { get; private set; }

        public string Name => "k1";

        public IChannel Channel => channel;

        public void Start()
        {
        }

        public void Stop()
        {
            Stopped = true;
            _stopping.Cancel();
        }

        public ProcessStatus Process()
        {
            using var tx = channel.BeginTransaction();
            for (var i = 0; i < 100 && tx.Take() is not null; i++)
            {
            }
            Entered.Set();
            _stopping.Token.WaitHandle.WaitOne();
            tx.Rollback();
            throw new EventDeliveryException("stopped while retrying");
        }
    }
}
