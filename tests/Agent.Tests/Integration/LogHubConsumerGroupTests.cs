using System.Text.Json;
using System.Text.RegularExpressions;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Integration;

/// <summary>
/// The consumer group against conditions of the real service (issue 12): the consumer library's six-action RAM
/// policy, an auto-split logstore with an empty read-only parent, a shard that got nothing before a stop, and passing
/// faults (401s, a stalled body, a clock step, a corrupt LogGroup list) — each with the seed topology as processes.
/// </summary>
[Collection("processes")]
public sealed partial class LogHubConsumerGroupTests
{
    private const string SixActions =
        "log:GetCursorOrData,log:CreateConsumerGroup,log:ListConsumerGroup,log:ConsumerGroupUpdateCheckPoint,log:ConsumerGroupHeartBeat,log:GetConsumerGroupCheckPoint";

    [Fact]
    public void SixActionPolicy_FirstStart_SecondStart_AndAPrecreatedGroup_ReadEverything()
    {
        using var t = new LogHubSeedTopology(2, "--ram-policy", LogHubSeedTopology.KeyId + ":" + SixActions);
        var config = t.Config("a");
        t.Put(0, 200, LogHubSeedTopology.HoursAgo(1), spreadHours: 1);
        RunUntilLanded(t, config, 200);
        t.Put(200, 200, LogHubSeedTopology.HoursAgo(1), spreadHours: 1);
        RunUntilLanded(t, config, 400);
        using (var stats = t.Emulator.Stats())
        {
            // Nothing changed at the second start: listed, not created again, not updated.
            Assert.Equal(1, OperationCount(stats, "CreateConsumerGroup"));
            Assert.Equal(0, OperationCount(stats, "UpdateConsumerGroup"));
            Assert.True(OperationCount(stats, "ListConsumerGroup") >= 2, stats.RootElement.ToString());
            Assert.Equal(0, StatusCount(stats, "401"));
        }

        // A group an administrator created with another timeout: the update is refused by the policy, a warning, and the group is used.
        CreateGroup(t, "precreated", timeoutSeconds: 120);
        t.Put(400, 200, LogHubSeedTopology.HoursAgo(1), spreadHours: 1);
        var output = RunUntilLanded(t, t.Config("b", consumerGroup: "precreated"), 600, distinctFrom: "/b/");
        Assert.Contains("log:UpdateConsumerGroup", output, StringComparison.Ordinal);
        Assert.Contains("keeps timeout 120 s", output, StringComparison.Ordinal);
        using (var stats = t.Emulator.Stats())
        {
            // The agent's first start and the administrator's.
            Assert.Equal(2, OperationCount(stats, "CreateConsumerGroup"));
            Assert.Equal(1, OperationCount(stats, "UpdateConsumerGroup"));
        }

        // Without a needed action the start fails for good and says which line the policy lacks.
        t.Emulator.Admin("ram", new { accessKeyId = LogHubSeedTopology.KeyId, actions = SixActions.Replace("log:ListConsumerGroup,", "", StringComparison.Ordinal).Split(',') });
        using var denied = t.StartAgent(t.Config("c"));
        Assert.True(denied.WaitFor("will not be retried"), denied.Output);
        Assert.Contains("add \"log:ListConsumerGroup\" to the Action list", denied.Output, StringComparison.Ordinal);
        denied.Terminate();
        Assert.True(denied.WaitForExit(), denied.Output);
    }

    [Fact]
    public void FetchInOrder_NewGroupAtEnd_EmptyReadOnlyParent_ChildrenRead_AndNothingSkippedAcrossAStop()
    {
        using var t = new LogHubSeedTopology(shards: 1);
        // Auto-split before anything was written: shard 0 is read-only and empty, 1 and 2 take the writes.
        t.Emulator.Admin("split", new { project = LogHubSeedTopology.Project, logstore = LogHubSeedTopology.Logstore, shard = 0 });
        var config = t.Config("a", extra: ["a1.sources.r1.fetchInOrder = true", "a1.sources.r1.consumerPosition = end"]);
        using (var first = t.StartAgent(config))
        {
            // The children are handed out only once the parent's checkpoint is its end cursor.
            Assert.True(first.WaitFor("LogHub shard 1 is assigned") && first.WaitFor("LogHub shard 2 is assigned"), first.Output);
            Assert.Equal(EndCursor(t, 0), Checkpoints(t).Single(c => c.ShardId == 0).Cursor);
            // Both children saved their start cursor (position end) although they got nothing yet.
            Assert.True(WaitFor(() => Checkpoints(t).Where(c => c.ShardId != 0).All(c => c.Cursor.Length > 0)), first.Output);
            first.Terminate();
            Assert.True(first.WaitForExit(), first.Output);
        }

        // Written while the agent is down, into shards that received nothing before the stop: read after the restart.
        t.Put(0, 300, LogHubSeedTopology.HoursAgo(1), spreadHours: 1);
        using (var second = t.StartAgent(config))
        {
            Assert.True(t.WaitForLanded(300), second.Output);
            second.Terminate();
            Assert.True(second.WaitForExit(), second.Output);
        }
        Assert.Equal(Enumerable.Range(0, 300), t.Landed().Select(l => l.Seq).Order());
    }

    [Fact]
    public void PassingFaults_401sStallClockStepCorruptList_TheSourceRecovers_LosesNothing_AndLogsOncePerCause()
    {
        using var t = new LogHubSeedTopology();
        const string group = "group-from-a-filter-4471";
        const string token = "sts-token-never-shown-5521";
        var config = t.Config("a", consumerGroup: "${f1['LH_GROUP']}", extra:
        [
            "a1.configfilters = f1",
            "a1.configfilters.f1.type = env",
            "a1.sources.r1.requestTimeoutMs = 2000",
            "a1.sources.r1.securityToken = " + token,
        ]);
        var metricsPort = AgentProcess.FreePort();
        t.Put(0, 200, LogHubSeedTopology.HoursAgo(1), spreadHours: 1);
        using var agent = t.StartAgent(config, new Dictionary<string, string> { ["LH_GROUP"] = group },
            "-Dflume.monitoring.type=http", $"-Dflume.monitoring.port={metricsPort}");
        Assert.True(t.WaitForLanded(200), agent.Output);

        // Intermittent RAM/STS denials of reads in the middle of the stream, longer than a 3.5 s pull pause (20 s of them: LogHubFailingEndpointTests).
        t.Emulator.Fault(new
        {
            operation = "PullLogs", status = 401, errorCode = "Unauthorized", durationMs = 8000,
            errorMessage = "denied by sts or ram, action: log:GetCursorOrData, resource: acs:log:*:*:project/seed-project/logstore/seed-logstore",
        });
        t.Put(200, 100, LogHubSeedTopology.HoursAgo(1), spreadHours: 1);
        Assert.True(t.WaitForLanded(300), agent.Output);

        // A body that stops halfway: the 2 s request deadline abandons it and the pull is read again.
        t.Emulator.Fault(new { operation = "PullLogs", status = 0, stallBodyMs = 60000, count = 1 });
        t.Put(300, 100, LogHubSeedTopology.HoursAgo(1), spreadHours: 1);
        Assert.True(t.WaitForLanded(400), agent.Output);
        Assert.True(WaitFor(() => StatCount(t, "errorCodes", "StalledBody") >= 1), t.Emulator.Output);

        // The clock steps 20 minutes for a few seconds (shorter than the group timeout, so the shards stay held).
        t.Emulator.Admin("clock", new { offsetSeconds = 1200 });
        Assert.True(WaitFor(() => StatCount(t, "errorCodes", "RequestTimeTooSkewed") >= 6), agent.Output);
        t.Emulator.Admin("clock", new { offsetSeconds = 0 });
        t.Put(400, 200, LogHubSeedTopology.HoursAgo(1), spreadHours: 1);
        Assert.True(t.WaitForLanded(600), agent.Output);

        // A LogGroup that does not decode, between good data: skipped, logged and counted; the groups around it land.
        t.Emulator.Admin("corrupt", new { project = LogHubSeedTopology.Project, logstore = LogHubSeedTopology.Logstore, shard = 0 });
        t.Put(600, 200, LogHubSeedTopology.HoursAgo(1), spreadHours: 1);
        Assert.True(t.WaitForLanded(800), agent.Output);
        Assert.True(agent.WaitFor("skips log group 1 of"), agent.Output);
        Assert.True(WaitFor(() => SourceMetric(metricsPort, "EventReadFail") == 1), agent.Output);
        Assert.True(SourceMetric(metricsPort, "GenericProcessingFail") > 0);

        // Two cursor expiries in a row: reset to the configured position each time (begin: read again, nothing lost).
        t.Emulator.Fault(new { operation = "PullLogs", shard = 1, status = 400, errorCode = "InvalidCursor", errorMessage = "cursor expired", count = 2 });
        t.Put(800, 100, LogHubSeedTopology.HoursAgo(1), spreadHours: 1);
        Assert.True(t.WaitForLanded(900), agent.Output);
        Assert.True(agent.WaitFor("the cursor expired; reading restarts at 'begin'"), agent.Output);

        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.Equal(0, agent.ExitCode);
        Assert.Equal(Enumerable.Range(0, 900), t.Landed().Select(l => l.Seq).Distinct().Order());
        var output = agent.Output;
        // One line per shard (and loop) per change of cause, not one per retry: the retries were many more.
        var unauthorized = Lines(output, "denied by sts or ram");
        var skewed = Lines(output, "RequestTimeTooSkewed");
        Assert.InRange(unauthorized, 1, 2);
        Assert.InRange(skewed, 1, 6);
        Assert.True(StatCount(t, "errorCodes", "RequestTimeTooSkewed") > skewed, output);
        Assert.True(StatCount(t, "errorCodes", "Unauthorized") > unauthorized, output);
        Assert.Contains("works again", output, StringComparison.Ordinal);
        Assert.DoesNotContain(group, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token, output, StringComparison.Ordinal);
        Assert.DoesNotContain(LogHubSeedTopology.Secret, output, StringComparison.Ordinal);
    }

    private static string RunUntilLanded(LogHubSeedTopology t, string config, int count, string? distinctFrom = null)
    {
        using var agent = t.StartAgent(config);
        var landed = distinctFrom is null
            ? t.WaitForLanded(count)
            : WaitFor(() => t.Landed().Where(l => l.File.Contains(distinctFrom, StringComparison.Ordinal)).Select(l => l.Seq).Distinct().Count() >= count);
        Assert.True(landed, agent.Output);
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.Equal(0, agent.ExitCode);
        return agent.Output;
    }

    private static void CreateGroup(LogHubSeedTopology t, string name, int timeoutSeconds)
    {
        // The product client creates groups only through its lifecycle, so the administrator's create is the emulator's own (a key without a policy).
        using var client = t.WriterClient();
        var setup = client.EnsureConsumerGroupAsync(name, timeoutSeconds, false, CancellationToken.None).GetAwaiter().GetResult();
        Assert.Equal(FlumeNet.Agent.LogHub.ConsumerGroupChange.Created, setup.Change);
    }

    private static IReadOnlyList<FlumeNet.Agent.LogHub.ShardCheckpoint> Checkpoints(LogHubSeedTopology t)
    {
        using var client = t.WriterClient();
        return client.GetCheckpointsAsync("consumer_1", CancellationToken.None).GetAwaiter().GetResult();
    }

    private static string EndCursor(LogHubSeedTopology t, int shard)
    {
        using var client = t.WriterClient();
        return client.GetCursorAsync(shard, "end", CancellationToken.None).GetAwaiter().GetResult();
    }

    private static int OperationCount(JsonDocument stats, string operation) =>
        stats.RootElement.GetProperty("operations").TryGetProperty(operation, out var n) ? n.GetInt32() : 0;

    private static int StatusCount(JsonDocument stats, string status) =>
        stats.RootElement.GetProperty("statuses").TryGetProperty(status, out var n) ? n.GetInt32() : 0;

    private static int StatCount(LogHubSeedTopology t, string section, string name)
    {
        using var stats = t.Emulator.Stats();
        return stats.RootElement.GetProperty(section).TryGetProperty(name, out var n) ? n.GetInt32() : 0;
    }

    private static long SourceMetric(int port, string key)
    {
        using var http = new HttpClient();
        using var doc = JsonDocument.Parse(http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")).GetAwaiter().GetResult());
        var source = doc.RootElement.GetProperty("SOURCE.r1");
        return long.Parse(source.GetProperty(key).GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int Lines(string output, string text) =>
        output.Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal) && LogLine().IsMatch(l));

    private static bool WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (condition())
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or IOException or KeyNotFoundException or FlumeNet.Agent.LogHub.LogHubException)
            {
                // Not up yet, or a file being renamed: look again.
            }
            Thread.Sleep(200);
        }
        return false;
    }

    [GeneratedRegex(@"\b(WARN|ERROR|INFO)\b")]
    private static partial Regex LogLine();
}
