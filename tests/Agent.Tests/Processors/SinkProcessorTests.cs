using FlumeNet.Agent.Core;
using FlumeNet.Agent.Processors;

namespace FlumeNet.Agent.Tests.Processors;

/// <summary>Failover and load-balancing processors (Flume's TestFailoverSinkProcessor, TestLoadBalancingSinkProcessor), with a controllable clock.</summary>
public sealed class SinkProcessorTests
{
    /// <summary>A sink that succeeds or throws on demand and counts its calls (a unit below the processor).</summary>
    private sealed class ScriptedSink(string name) : ISink
    {
        public string Name { get; } = name;

        public IChannel Channel => throw new NotSupportedException();

        public bool Fail { get; set; }

        public int Calls { get; private set; }

        public void Start()
        {
        }

        public void Stop()
        {
        }

        public ProcessStatus Process()
        {
            Calls++;
            return Fail ? throw new EventDeliveryException($"{Name} is down") : ProcessStatus.Ready;
        }
    }

    [Fact]
    public void Failover_UsesHighestPriority_ThenFailsOver_ThenReturnsAfterPenalty()
    {
        long now = 0;
        var s1 = new ScriptedSink("s1");
        var s2 = new ScriptedSink("s2");
        var s3 = new ScriptedSink("s3");
        var p = new FailoverSinkProcessor("g1", [(s1, 1), (s2, 2), (s3, 3)], maxPenaltyMs: 30_000, clock: () => now);

        p.Process();
        Assert.Equal((0, 0, 1), (s1.Calls, s2.Calls, s3.Calls));

        s3.Fail = true;
        p.Process();
        Assert.Equal((0, 1, 2), (s1.Calls, s2.Calls, s3.Calls));

        s2.Fail = true;
        p.Process();
        Assert.Equal((1, 2, 2), (s1.Calls, s2.Calls, s3.Calls));

        s1.Fail = true;
        Assert.Throws<EventDeliveryException>(() => p.Process());

        // After the first penalty (2 s: Flume doubles from 1 s on the first failure) the failed sinks are tried first; a recovered s3 takes over again.
        s3.Fail = false;
        now += 2_001;
        p.Process();
        Assert.Equal(3, s3.Calls);
        p.Process();
        Assert.Equal(4, s3.Calls);
    }

    [Fact]
    public void LoadBalance_RoundRobin_SpreadsEvenly()
    {
        var sinks = new[] { new ScriptedSink("s1"), new ScriptedSink("s2"), new ScriptedSink("s3") };
        var p = new LoadBalancingSinkProcessor("g1", sinks, random: false, backoff: false, maxTimeOutMs: 30_000);
        for (var i = 0; i < 300; i++)
        {
            p.Process();
        }
        Assert.All(sinks, s => Assert.Equal(100, s.Calls));
    }

    [Fact]
    public void LoadBalance_SkipsAFailedSink_AndWithBackoffLeavesItAlone()
    {
        long now = 0;
        var sinks = new[] { new ScriptedSink("s1"), new ScriptedSink("s2") };
        sinks[0].Fail = true;
        var p = new LoadBalancingSinkProcessor("g1", sinks, random: false, backoff: true, maxTimeOutMs: 30_000, clock: () => now);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(ProcessStatus.Ready, p.Process());
        }
        Assert.Equal(1, sinks[0].Calls);
        Assert.Equal(10, sinks[1].Calls);
        sinks[1].Fail = true;
        Assert.Throws<EventDeliveryException>(() => p.Process());
    }

    [Fact]
    public void LoadBalance_Random_UsesEverySink()
    {
        var sinks = new[] { new ScriptedSink("s1"), new ScriptedSink("s2"), new ScriptedSink("s3") };
        var p = new LoadBalancingSinkProcessor("g1", sinks, random: true, backoff: false, maxTimeOutMs: 30_000);
        for (var i = 0; i < 300; i++)
        {
            p.Process();
        }
        Assert.All(sinks, s => Assert.InRange(s.Calls, 1, 299));
        Assert.Equal(300, sinks.Sum(s => s.Calls));
    }
}
