using System.Text.RegularExpressions;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Integration;

/// <summary>
/// aliyun-log-flume's source against the emulator as a process (issue 12.8): its SPL <c>query</c> is sent with each
/// pull and only matching logs land; an STS token read through a config filter from a file is refreshed by a config
/// reload after the service moved to a new token, and nothing is lost meanwhile.
/// </summary>
[Collection("processes")]
public sealed partial class LogHubQueryAndStsTests
{
    private const string OldToken = "sts-token-old-7730";
    private const string NewToken = "sts-token-new-9141";

    [Fact]
    public void Query_FiltersOnTheService_AndAnStsTokenFromAFile_IsRefreshedOnReload_LosingNothing()
    {
        using var t = new LogHubSeedTopology();
        t.Emulator.Admin("sts", new { accessKeyId = LogHubSeedTopology.KeyId, securityToken = OldToken });
        var tokenFile = Path.Combine(t.Directory, "sts-token.txt");
        File.WriteAllText(tokenFile, OldToken);
        // A config filter that prints the token file: the value is read again at each (re)load.
        var script = Path.Combine(t.Directory, "read-secret.sh");
        File.WriteAllText(script, "#!/bin/sh\ncat \"$(dirname \"$0\")/$1.txt\"\n");
        var config = Path.Combine(t.Directory, "aliyun.properties");
        File.WriteAllText(config, Config(t, script));
        static string Level(int seq) => seq % 3 == 0 ? "ERROR" : "INFO";
        var errors = Enumerable.Range(0, 600).Where(s => s % 3 == 0).ToList();

        t.Put(0, 300, LogHubSeedTopology.HoursAgo(1), 1, Level);
        using var agent = AgentProcess.Start(t.Directory, new Dictionary<string, string> { ["TZ"] = LogHubSeedTopology.Zone },
            "agent", "-n", "a1", "-f", config, "-i", "1", "-Dflume.root.logger=INFO,console");
        Assert.True(t.WaitForLanded(100), agent.Output);
        Assert.True(agent.WaitFor("with the SPL query * | where level = 'ERROR'"), agent.Output);

        // The service issues a new token: the old one is refused until the agent reloads with the new one.
        t.Emulator.Admin("sts", new { accessKeyId = LogHubSeedTopology.KeyId, securityToken = NewToken });
        Assert.True(agent.WaitFor("SecurityTokenExpired"), agent.Output);
        t.Put(300, 300, LogHubSeedTopology.HoursAgo(1), 1, Level);
        File.WriteAllText(tokenFile, NewToken);
        File.SetLastWriteTimeUtc(config, DateTime.UtcNow.AddSeconds(2));
        Assert.True(agent.WaitFor("reloaded"), agent.Output);
        Assert.True(t.WaitForLanded(200, TimeSpan.FromSeconds(120)), agent.Output);

        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.Equal(0, agent.ExitCode);
        var landed = t.Landed();
        Assert.Equal(errors, landed.Select(l => l.Seq).Distinct().Order());
        var output = agent.Output;
        Assert.DoesNotContain(OldToken, output, StringComparison.Ordinal);
        Assert.DoesNotContain(NewToken, output, StringComparison.Ordinal);
        // One line per loop for the expired token, not one per retry.
        var lines = output.Split('\n').Count(l => l.Contains("SecurityTokenExpired", StringComparison.Ordinal) && LogLine().IsMatch(l));
        Assert.InRange(lines, 1, 6);
        using var stats = t.Emulator.Stats();
        Assert.True(stats.RootElement.GetProperty("errorCodes").GetProperty("SecurityTokenExpired").GetInt32() >= lines, stats.RootElement.ToString());
    }

    private static string Config(LogHubSeedTopology t, string script) => $$"""
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.configfilters = f1
        a1.configfilters.f1.type = external
        a1.configfilters.f1.command = /bin/sh {{script}}
        a1.sources.r1.type = com.aliyun.loghub.flume.source.LoghubSource
        a1.sources.r1.endpoint = {{t.Emulator.Url}}
        a1.sources.r1.project = {{LogHubSeedTopology.Project}}
        a1.sources.r1.logstore = {{LogHubSeedTopology.Logstore}}
        a1.sources.r1.accessKeyId = {{LogHubSeedTopology.KeyId}}
        a1.sources.r1.accessKey = {{LogHubSeedTopology.Secret}}
        a1.sources.r1.securityToken = ${f1['sts-token']}
        a1.sources.r1.consumerGroup = g1
        a1.sources.r1.heartbeatIntervalMs = 1000
        a1.sources.r1.deserializer = JSON
        a1.sources.r1.timeAsField = true
        a1.sources.r1.useRecordTime = true
        a1.sources.r1.query = * | where level = 'ERROR'
        a1.sources.r1.channels = c1
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 2000
        a1.channels.c1.transactionCapacity = 2000
        a1.sinks.k1.type = hdfs
        a1.sinks.k1.channel = c1
        a1.sinks.k1.hdfs.path = {{Path.Combine(t.Directory, "a", "flume-data", "loghub")}}/datetime=%y%m%d/hour=%H
        a1.sinks.k1.hdfs.fileType = DataStream
        a1.sinks.k1.hdfs.rollInterval = 3600
        a1.sinks.k1.hdfs.rollSize = 0
        a1.sinks.k1.hdfs.rollCount = 0
        """;

    [GeneratedRegex(@"\b(WARN|ERROR|INFO)\b")]
    private static partial Regex LogLine();
}
