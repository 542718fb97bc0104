using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Integration;

/// <summary>
/// A LogHub endpoint that fails every call of the agent's key for over a minute in the middle of a stream (issue 12:
/// 401 for 20 s; issue 10: a failing endpoint over 60 s): first 20 s of RAM/STS denials, then 45 s of 503
/// ServerBusy, while the test keeps writing with another key. The source recovers by itself, loses nothing, and the
/// log has one line per loop per change of cause (plus at most the once-a-minute reminder), not one per retry.
/// Its own collection: it mostly waits, so it runs beside the other process tests.
/// </summary>
[Collection("loghub-failing-endpoint")]
public sealed partial class LogHubFailingEndpointTests
{
    [Fact]
    public void EveryCallFailsFor65s_401For20sThen503_RecoversLosesNothing_OneLinePerCauseChange()
    {
        using var t = new LogHubSeedTopology();
        var config = t.Config("a", extra: ["a1.sources.r1.requestTimeoutMs = 5000"]);
        t.Put(0, 200, LogHubSeedTopology.HoursAgo(1), spreadHours: 1);
        using var agent = t.StartAgent(config);
        Assert.True(t.WaitForLanded(200), agent.Output);

        // Both faults start now; the first matching applies, so the 401s hold 20 s and the 503s the 45 s after.
        t.Emulator.Fault(new
        {
            operation = "*", accessKeyId = LogHubSeedTopology.KeyId, status = 401, errorCode = "Unauthorized", durationMs = 20000,
            errorMessage = "denied by sts or ram, action: log:GetCursorOrData, resource: acs:log:*:*:project/seed-project/logstore/seed-logstore",
        });
        t.Emulator.Fault(new { operation = "*", accessKeyId = LogHubSeedTopology.KeyId, status = 503, errorCode = "ServerBusy", errorMessage = "busy", durationMs = 65000 });
        var failing = Stopwatch.StartNew();
        t.Put(200, 100, LogHubSeedTopology.HoursAgo(1), spreadHours: 1);
        Assert.True(WaitFor(() => StatCount(t, "ServerBusy") > 0, TimeSpan.FromSeconds(60)), agent.Output);
        t.Put(300, 100, LogHubSeedTopology.HoursAgo(1), spreadHours: 1);
        Assert.True(t.WaitForLanded(400, TimeSpan.FromSeconds(180)), agent.Output);
        Assert.True(failing.Elapsed >= TimeSpan.FromSeconds(60), $"landed after {failing.Elapsed} although the endpoint failed 65 s");
        t.Put(400, 100, LogHubSeedTopology.HoursAgo(1), spreadHours: 1);
        Assert.True(t.WaitForLanded(500, TimeSpan.FromSeconds(60)), agent.Output);

        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.Equal(0, agent.ExitCode);
        Assert.Equal(Enumerable.Range(0, 500), t.Landed().Select(l => l.Seq).Distinct().Order());
        var output = agent.Output;
        // Loops that log: the heartbeat, and per shard its reader and its checkpoint saver (2 shards): 5, each once
        // per cause (the shards may be let go and taken again after the group timeout: their new loops log once more).
        var denied = Lines(output, "401 Unauthorized");
        var busy = Lines(output, "503 ServerBusy");
        var reminders = Lines(output, "still failing");
        Assert.InRange(denied, 1, 9);
        Assert.InRange(busy, 1, 9);
        Assert.InRange(reminders, 0, 5);
        Assert.True(StatCount(t, "Unauthorized") > 3 * denied, $"{StatCount(t, "Unauthorized")} denials, {denied} lines{Environment.NewLine}{output}");
        Assert.True(StatCount(t, "ServerBusy") > 3 * busy, $"{StatCount(t, "ServerBusy")} busy answers, {busy} lines{Environment.NewLine}{output}");
        Assert.Contains("works again", output, StringComparison.Ordinal);
    }

    private static int StatCount(LogHubSeedTopology t, string code)
    {
        using var stats = t.Emulator.Stats();
        return stats.RootElement.GetProperty("errorCodes").TryGetProperty(code, out var n) ? n.GetInt32() : 0;
    }

    private static int Lines(string output, string text) =>
        output.Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal) && LogLine().IsMatch(l));

    private static bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (condition())
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or IOException)
            {
                // The emulator is busy: look again.
            }
            Thread.Sleep(200);
        }
        return false;
    }

    [GeneratedRegex(@"\b(WARN|ERROR|INFO)\b")]
    private static partial Regex LogLine();
}
