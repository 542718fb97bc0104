using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Integration;

/// <summary>
/// The seed's topology as processes: LogHub emulator → agent running conf/loghub-hdfs.properties → local disk
/// (issue acceptance: exactly once by record-time hour, restart resumes, two agents share, throttling, wrong key).
/// </summary>
[Collection("processes")]
public sealed class LogHubToHdfsTests
{
    [Fact]
    public void SeedConfig_EveryLogLandsOnce_InTheHourOfItsRecordTime()
    {
        using var t = new LogHubSeedTopology();
        t.Put(0, 900, LogHubSeedTopology.HoursAgo(3), spreadHours: 3);
        using (var agent = t.StartAgent(t.Config("a")))
        {
            Assert.True(t.WaitForLanded(900), agent.Output);
            agent.Terminate();
            Assert.True(agent.WaitForExit(), agent.Output);
            Assert.Equal(0, agent.ExitCode);
            Assert.DoesNotContain(LogHubSeedTopology.Secret, agent.Output, StringComparison.Ordinal);
        }
        var landed = t.Landed();
        Assert.Equal(Enumerable.Range(0, 900), landed.Select(l => l.Seq).Order());
        Assert.All(landed, l => Assert.Equal(LogHubSeedTopology.PartitionOf(l.Time), l.Partition));
        Assert.True(landed.Select(l => l.Partition).Distinct().Count() >= 3, "three hours of record times make at least three partitions");
        Assert.DoesNotContain(landed, l => l.File.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [NodeFact("tools/LogHubEmulator/sdk-check")]
    public void LogsPutByAlicloudLog_LandOnce_InTheHourOfTheirRecordTime()
    {
        using var t = new LogHubSeedTopology();
        var start = LogHubSeedTopology.HoursAgo(3).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (exit, output) = NodeFactAttribute.Run("tools/LogHubEmulator/sdk-check", "put-logs.js",
            "--endpoint", t.Emulator.Url.ToString().TrimEnd('/'), "--project", LogHubSeedTopology.Project, "--logstore", LogHubSeedTopology.Logstore,
            "--id", LogHubSeedTopology.KeyId, "--secret", LogHubSeedTopology.Secret, "--count", "600", "--start", start, "--spread-hours", "3", "--batch", "50");
        Assert.True(exit == 0, output);
        using (var agent = t.StartAgent(t.Config("a")))
        {
            Assert.True(t.WaitForLanded(600), agent.Output);
            agent.Terminate();
            Assert.True(agent.WaitForExit(), agent.Output);
        }
        var landed = t.Landed();
        Assert.Equal(Enumerable.Range(0, 600), landed.Select(l => l.Seq).Order());
        Assert.All(landed, l => Assert.Equal(LogHubSeedTopology.PartitionOf(l.Time), l.Partition));
        Assert.True(landed.Select(l => l.Partition).Distinct().Count() >= 3);
    }

    [Fact]
    public void Restart_SameConsumerGroup_ResumesFromTheCheckpoint()
    {
        using var t = new LogHubSeedTopology();
        var config = t.Config("a");
        t.Put(0, 300, LogHubSeedTopology.HoursAgo(2), spreadHours: 1);
        using (var first = t.StartAgent(config))
        {
            Assert.True(t.WaitForLanded(300), first.Output);
            first.Terminate();
            Assert.True(first.WaitForExit(), first.Output);
        }
        t.Put(300, 300, LogHubSeedTopology.HoursAgo(1), spreadHours: 1);
        using (var second = t.StartAgent(config))
        {
            Assert.True(second.WaitFor("resuming consumer group 'consumer_1' at its checkpoint"), second.Output);
            Assert.True(t.WaitForLanded(600), second.Output);
            Thread.Sleep(1500);
            second.Terminate();
            Assert.True(second.WaitForExit(), second.Output);
        }
        // A clean stop saved every checkpoint: nothing is read twice.
        Assert.Equal(Enumerable.Range(0, 600), t.Landed().Select(l => l.Seq).Order());
    }

    [Fact]
    public void KillDashNine_ThenRestart_LosesNothing_TheCheckpointNeverRanAheadOfTheFiles()
    {
        using var t = new LogHubSeedTopology();
        var config = t.Config("a");
        var start = LogHubSeedTopology.HoursAgo(2);
        t.Put(0, 3000, start, spreadHours: 2);
        using (var crashed = t.StartAgent(config))
        {
            Assert.True(t.WaitForLanded(500), crashed.Output);
        } // SIGKILL: no checkpoint flush, in-use files left open, shards not released (the group frees them after its timeout).
        // More logs for the same hours, so the restarted sink writes into every folder the crash left files in.
        t.Put(3000, 300, start, spreadHours: 2);
        using (var restarted = t.StartAgent(config))
        {
            Assert.True(t.WaitForLanded(3300, TimeSpan.FromSeconds(90)), restarted.Output);
            Thread.Sleep(1000);
            restarted.Terminate();
            Assert.True(restarted.WaitForExit(), restarted.Output);
            Assert.Contains("Finished", restarted.Output, StringComparison.OrdinalIgnoreCase);
        }
        var landed = t.Landed();
        // At-least-once: nothing is missing; logs the crashed agent had written but not yet checkpointed may appear twice.
        Assert.Equal(Enumerable.Range(0, 3300), landed.Select(l => l.Seq).Distinct().Order());
        Assert.All(landed, l => Assert.Equal(LogHubSeedTopology.PartitionOf(l.Time), l.Partition));
        Assert.DoesNotContain(landed, l => l.File.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void TwoAgents_OneConsumerGroup_SplitTheShards_AndDeliverEverythingOnce()
    {
        using var t = new LogHubSeedTopology(shards: 4);
        using var a = t.StartAgent(t.Config("a"));
        using var b = t.StartAgent(t.Config("b"));
        Assert.True(a.WaitFor("is assigned to consumer"), a.Output);
        Assert.True(b.WaitFor("is assigned to consumer"), b.Output);
        // Heartbeats balance the group (each holds two shards) within a few intervals.
        Thread.Sleep(4000);
        t.Put(0, 2000, LogHubSeedTopology.HoursAgo(2), spreadHours: 2);
        Assert.True(t.WaitForLanded(2000), a.Output + b.Output);
        Thread.Sleep(1000);
        a.Terminate();
        b.Terminate();
        Assert.True(a.WaitForExit(), a.Output);
        Assert.True(b.WaitForExit(), b.Output);
        var landed = t.Landed();
        Assert.Equal(Enumerable.Range(0, 2000), landed.Select(l => l.Seq).Order());
        Assert.Contains(landed, l => l.File.Contains("/a/", StringComparison.Ordinal));
        Assert.Contains(landed, l => l.File.Contains("/b/", StringComparison.Ordinal));
    }

    [Fact]
    public void FetchInOrder_ShardSplitWhileReading_ParentFinishedThenChildrenRead()
    {
        using var t = new LogHubSeedTopology(shards: 1);
        t.Put(0, 500, LogHubSeedTopology.HoursAgo(1), spreadHours: 1);
        using var agent = t.StartAgent(t.Config("a", extra: "a1.sources.r1.fetchInOrder = true"));
        Assert.True(t.WaitForLanded(500), agent.Output);
        t.Emulator.Admin("split", new { project = LogHubSeedTopology.Project, logstore = LogHubSeedTopology.Logstore, shard = 0 });
        t.Put(500, 500, LogHubSeedTopology.HoursAgo(1), spreadHours: 1);
        Assert.True(t.WaitForLanded(1000), agent.Output);
        Assert.True(agent.WaitFor("LogHub shard 1 is assigned") || agent.WaitFor("LogHub shard 2 is assigned"), agent.Output);
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.Equal(Enumerable.Range(0, 1000), t.Landed().Select(l => l.Seq).Order());
        // The ordering itself is the server's (children wait for their parent); the agent's part is creating the group with order = true.
        Assert.Contains("\"order\":true", t.ConsumerGroupsJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void ThrottledShard_Recovers_AndLosesNothing()
    {
        using var t = new LogHubSeedTopology();
        t.Put(0, 400, LogHubSeedTopology.HoursAgo(1), spreadHours: 1);
        t.Emulator.Fault(new { operation = "PullLogs", shard = 0, status = 403, errorCode = "ShardReadQuotaExceed", errorMessage = "shard read quota exceeded", count = 4 });
        using var agent = t.StartAgent(t.Config("a"));
        Assert.True(t.WaitForLanded(400), agent.Output);
        Assert.Contains("throttled", agent.Output, StringComparison.Ordinal);
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.Equal(Enumerable.Range(0, 400), t.Landed().Select(l => l.Seq).Order());
    }

    [Fact]
    public void WrongAccessKey_StopsWithAClearError_AndNoRetryStorm()
    {
        using var t = new LogHubSeedTopology();
        const string wrong = "not-the-secret-42";
        using var agent = t.StartAgent(t.Config("a", secret: wrong));
        Assert.True(agent.WaitFor("will not be retried"), agent.Output);
        Thread.Sleep(4000);
        Assert.Contains("SignatureNotMatch", agent.Output, StringComparison.Ordinal);
        Assert.Contains("check accessKey", agent.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, agent.Output, StringComparison.Ordinal);
        using var stats = t.Emulator.Stats();
        var rejected = CountRejected(stats.RootElement);
        Assert.True(rejected is > 0 and <= 3, $"{rejected} rejected requests: {stats.RootElement}");
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
    }

    private static long CountRejected(System.Text.Json.JsonElement stats)
    {
        // Requests answered 401, however the emulator groups its status counts.
        long total = 0;
        foreach (var p in stats.EnumerateObject())
        {
            if (p.Value.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                foreach (var s in p.Value.EnumerateObject())
                {
                    if (s.Name == "401" && s.Value.TryGetInt64(out var n))
                    {
                        total += n;
                    }
                }
            }
        }
        return total;
    }
}
