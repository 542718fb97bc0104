using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Selectors;
using FlumeNet.Agent.Sources;

namespace FlumeNet.Agent.Tests.Sources;

/// <summary>The stress source (reference §6.1): limits, batches, rate limit and counters, into a real memory channel.</summary>
public sealed class StressSourceTests
{
    [Fact]
    public void MaxTotalEvents_CutsTheLastBatch_ThenBacksOff()
    {
        var h = new SourceHarness();
        var source = new StressSource("r1", new StressSourceOptions(Size: 37, MaxTotalEvents: 5, BatchSize: 2), h.Processor);
        source.Start();
        Assert.Equal(ProcessStatus.Ready, source.Process());
        Assert.Equal(ProcessStatus.Ready, source.Process());
        Assert.Equal(ProcessStatus.Ready, source.Process());
        Assert.Equal(ProcessStatus.Backoff, source.Process());
        source.Stop();
        Assert.Equal(5, h.Drain());
        foreach (var e in h.Received)
        {
            Assert.Equal(37, e.Body.Length);
            Assert.False(e.HasHeaders);
        }
        Assert.Equal(5, source.Counter.EventReceivedCount);
        Assert.Equal(5, source.Counter.EventAcceptedCount);
        Assert.Equal(3, source.Counter.AppendBatchAcceptedCount);
    }

    [Fact]
    public void MaxSuccessfulEvents_CountsOnlyDeliveredEvents()
    {
        var h = new SourceHarness(capacity: 3, transactionCapacity: 3, keepAlive: TimeSpan.Zero);
        var source = new StressSource("r1", new StressSourceOptions(Size: 10, MaxSuccessfulEvents: 4, BatchSize: 2), h.Processor);
        source.Start();
        Assert.Equal(ProcessStatus.Ready, source.Process());
        Assert.Equal(ProcessStatus.Backoff, source.Process());
        Assert.Equal(2, h.Drain());
        Assert.Equal(ProcessStatus.Ready, source.Process());
        Assert.Equal(ProcessStatus.Backoff, source.Process());
        Assert.Equal(2, h.Drain());
        Assert.Equal(6, source.AttemptedEvents);
        Assert.Equal(4, source.DeliveredEvents);
        Assert.Equal(6, source.Counter.EventReceivedCount);
        Assert.Equal(4, source.Counter.EventAcceptedCount);
        Assert.Equal(1, source.Counter.ChannelWriteFail);
    }

    [Fact]
    public void NoLimits_KeepsGoing()
    {
        var h = new SourceHarness(capacity: 10_000, transactionCapacity: 100);
        var source = new StressSource("r1", new StressSourceOptions(BatchSize: 100), h.Processor);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(ProcessStatus.Ready, source.Process());
        }
        Assert.Equal(5000, h.Channel.Count);
        Assert.Equal(100, h.Drain());
        Assert.Equal(500, h.Received[0].Body.Length);
    }

    [Fact]
    public void FullBatches_ReuseTheirEvents_UnlessInterceptorsRun()
    {
        var plain = new SourceHarness(capacity: 100, transactionCapacity: 10);
        var reused = new StressSource("r1", new StressSourceOptions(Size: 8, BatchSize: 3), plain.Processor);
        Assert.Equal(ProcessStatus.Ready, reused.Process());
        Assert.Equal(ProcessStatus.Ready, reused.Process());
        Assert.Equal(6, plain.Drain());
        Assert.Same(plain.Received[0], plain.Received[3]);
        Assert.NotSame(plain.Received[0], plain.Received[1]);

        var channel = new MemoryChannel("c1", new MemoryChannelOptions(100, 10, TimeSpan.Zero));
        var stamping = new ChannelProcessor(new ReplicatingChannelSelector([channel], new HashSet<string>()), [new Stamp()]);
        var fresh = new StressSource("r1", new StressSourceOptions(Size: 8, BatchSize: 3), stamping);
        Assert.Equal(ProcessStatus.Ready, fresh.Process());
        Assert.Equal(ProcessStatus.Ready, fresh.Process());
        var taken = new List<FlumeEvent>();
        using (var tx = channel.BeginTransaction())
        {
            Assert.Equal(6, tx.TakeBatch(taken, 6));
            tx.Commit();
        }
        Assert.Equal(6, taken.Distinct().Count());
        Assert.Equal(["1", "1", "1", "2", "2", "2"], taken.Select(e => e.Header("batch")));
    }

    [Fact]
    public void MaxEventsPerSecond_HoldsTheNextBatchUntilItsTurn()
    {
        var h = new SourceHarness();
        var clock = new ManualClock();
        var source = new StressSource("r1", new StressSourceOptions(Size: 1, BatchSize: 2, MaxEventsPerSecond: 4), h.Processor, clock);
        Assert.Equal(ProcessStatus.Ready, source.Process());
        Assert.Equal(2, source.DeliveredEvents);
        // Two events at 4 per second reserve half a second.
        clock.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Equal(ProcessStatus.Ready, source.Process());
        Assert.Equal(2, source.DeliveredEvents);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(ProcessStatus.Ready, source.Process());
        Assert.Equal(4, source.DeliveredEvents);
        Assert.Equal(4, h.Channel.Count);
    }

    [Fact]
    public void Create_TakesFlumeKeysAndDefaults()
    {
        var p = new SourceHarness().Processor;
        var defaults = StressSource.Create(SourceHarness.Options(SourceSpecs.Stress), p);
        Assert.Equal(new StressSourceOptions(500, -1, -1, 1, 0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)), defaults.Options);
        Assert.Equal(TimeSpan.FromSeconds(5), defaults.MaxBackoffSleep);
        var set = StressSource.Create(SourceHarness.Options(SourceSpecs.Stress, ("size", "8"), ("maxTotalEvents", "9"),
            ("maxSuccessfulEvents", "7"), ("batchSize", "3"), ("maxEventsPerSecond", "100"), ("backoffSleepIncrement", "10"), ("maxBackoffSleep", "20")), p);
        Assert.Equal(new StressSourceOptions(8, 9, 7, 3, 100, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20)), set.Options);
        Assert.Equal(TimeSpan.FromMilliseconds(10), set.BackoffSleepIncrement);
    }

    /// <summary>A clock that moves only when told.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    // Sets a header with the number of the batch it saw each event in (per-call state is fine in a one-thread test).
    private sealed class Stamp : IInterceptor
    {
        private int _batch;

        public FlumeEvent? Intercept(FlumeEvent e)
        {
            e.Headers["batch"] = _batch.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return e;
        }

        public void Intercept(List<FlumeEvent> events)
        {
            _batch++;
            foreach (var e in events)
            {
                Intercept(e);
            }
        }
    }
}
