using FlumeNet.Agent.LogHub;
using NLog;
using NLog.Config;
using NLog.Targets;

namespace FlumeNet.Agent.Tests.LogHub;

/// <summary>A retry loop's log: one line per change of cause, then at most one reminder a minute with a count, one line when it works again.</summary>
public sealed class FaultLogTests
{
    [Fact]
    public void SameCause_OneLine_ThenAReminderAMinuteWithTheCount_ThenWorksAgain()
    {
        using var factory = new LogFactory();
        var target = new MemoryTarget("m") { Layout = "${level}|${message}" };
        var config = new LoggingConfiguration(factory);
        config.AddRuleForAllLevels(target);
        factory.Configuration = config;
        var clock = new SteppedClock();
        var log = new FaultLog(factory.GetLogger("t"), "LogHub shard 0", clock);
        var denied = new LogHubException("PullLogs", 401, "Unauthorized", "denied by sts or ram", "r1");
        var busy = new LogHubException("PullLogs", 500, "InternalServerError", "busy", "r2");

        Assert.True(log.Failed(denied, "retried"));
        for (var i = 0; i < 50; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.False(log.Failed(denied, "retried"));
        }
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(log.Failed(denied, "retried"));
        Assert.False(log.Failed(denied, "retried"));
        Assert.True(log.Failed(busy, "retried"));
        Assert.False(log.Failed(busy, "retried"));
        log.Succeeded("reading");
        log.Succeeded("reading");

        var lines = target.Logs;
        Assert.Equal(4, lines.Count);
        Assert.StartsWith("Error|LogHub shard 0: LogHub PullLogs failed: 401 Unauthorized: denied by sts or ram", lines[0], StringComparison.Ordinal);
        Assert.Contains("still failing, 51 more failures in the last 60 s", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("Warn|LogHub shard 0: LogHub PullLogs failed: 500 InternalServerError: busy", lines[2], StringComparison.Ordinal);
        Assert.Equal("Info|LogHub shard 0: reading works again", lines[3]);
    }

    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
