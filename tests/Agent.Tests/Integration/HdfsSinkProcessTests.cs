using System.Globalization;
using System.Text.RegularExpressions;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Integration;

/// <summary>The seed's channel and sink settings (hourly partitions, DataStream, rollInterval 3600) on the local filesystem, fed by seq + timestamp interceptor.</summary>
[Collection("processes")]
public sealed class HdfsSinkProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-hdfs-it-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SeedSettings_WriteHourlyPartitions_AndFinishEveryFileOnStop()
    {
        var config = Path.Combine(_dir, "agent.properties");
        File.WriteAllText(config, $"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = seq
            a1.sources.r1.batchSize = 500
            a1.sources.r1.totalEvents = 20000
            a1.sources.r1.channels = c1
            a1.sources.r1.interceptors = ts
            a1.sources.r1.interceptors.ts.type = timestamp
            a1.channels.c1.type = memory
            a1.channels.c1.capacity = 2000
            a1.channels.c1.transactionCapacity = 2000
            a1.sinks.k1.type = hdfs
            a1.sinks.k1.channel = c1
            a1.sinks.k1.hdfs.path = file://{_dir}/flume-data/loghub/datetime=%y%m%d/hour=%H
            a1.sinks.k1.hdfs.fileType = DataStream
            a1.sinks.k1.hdfs.rollInterval = 3600
            a1.sinks.k1.hdfs.round = true
            a1.sinks.k1.hdfs.roundValue = 60
            a1.sinks.k1.hdfs.roundUnit = minute
            a1.sinks.k1.hdfs.rollSize = 0
            a1.sinks.k1.hdfs.rollCount = 0
            a1.sinks.k1.hdfs.batchSize = 1000
            """);
        var before = DateTime.Now;
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(agent.WaitFor("started"), agent.Output);
        var root = Path.Combine(_dir, "flume-data", "loghub");
        for (var i = 0; i < 300 && CountLines(root) < 20000; i++)
        {
            Thread.Sleep(100);
        }
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.Equal(0, agent.ExitCode);

        var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.Matches(@"/datetime=\d{6}/hour=\d{2}/FlumeData\.\d{13}$", f));
        // Events are stamped by the interceptor while the test runs, so each lands in the hour of that moment.
        string[] expectedHours = [$"hour={before:HH}", $"hour={DateTime.Now:HH}"];
        Assert.All(files, f => Assert.Contains(Path.GetFileName(Path.GetDirectoryName(f))!, expectedHours));
        var lines = files.Order(StringComparer.Ordinal).SelectMany(File.ReadAllLines).Select(l => long.Parse(l, CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 20000).Select(i => (long)i), lines);
        // Issue 10.2: Flume's lifecycle lines at INFO, one of each per file, none per event.
        var log = agent.Output.Split('\n');
        foreach (var f in files)
        {
            var inUse = Regex.Escape(f[(_dir.Length)..]) + @"\.[0-9a-f]{8}\.tmp";
            Assert.Single(log, l => Regex.IsMatch(l, @"INFO .*Creating \S*" + inUse + "$"));
            Assert.Single(log, l => Regex.IsMatch(l, @"INFO .*Closing \S*" + inUse + "$"));
            Assert.Single(log, l => Regex.IsMatch(l, @"INFO .*Renaming \S*" + inUse + @" to \S*" + Regex.Escape(f[(_dir.Length)..]) + "$"));
        }
        Assert.True(log.Length < 200, $"{log.Length} log lines for 20,000 events:\n{agent.Output}");
    }

    [Fact]
    public void Netcat_WithEscapesRoundingAndATimeZone_LandsEveryLineOnce_InItsRoundedLocalDirectory()
    {
        var port = AgentProcess.FreePort();
        var config = Path.Combine(_dir, "netcat.properties");
        File.WriteAllText(config, $"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = netcat
            a1.sources.r1.bind = 127.0.0.1
            a1.sources.r1.port = {port}
            a1.sources.r1.channels = c1
            a1.sources.r1.interceptors = ts
            a1.sources.r1.interceptors.ts.type = timestamp
            a1.channels.c1.type = memory
            a1.channels.c1.capacity = 10000
            a1.channels.c1.transactionCapacity = 1000
            a1.sinks.k1.type = hdfs
            a1.sinks.k1.channel = c1
            a1.sinks.k1.hdfs.path = file://{_dir}/tz/%Y-%m-%d/%H%M
            a1.sinks.k1.hdfs.filePrefix = events-%Y
            a1.sinks.k1.hdfs.timeZone = Asia/Kolkata
            a1.sinks.k1.hdfs.round = true
            a1.sinks.k1.hdfs.roundValue = 10
            a1.sinks.k1.hdfs.roundUnit = minute
            a1.sinks.k1.hdfs.fileType = DataStream
            a1.sinks.k1.hdfs.rollInterval = 0
            a1.sinks.k1.hdfs.rollSize = 0
            a1.sinks.k1.hdfs.rollCount = 0
            """);
        var before = DateTimeOffset.UtcNow;
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(agent.WaitFor("started"), agent.Output);
        var lines = Enumerable.Range(0, 3000).Select(i => "line " + i).ToList();
        Assert.Equal(lines.Count, NetcatClient.SendAndCountOks(port, lines));
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        var after = DateTimeOffset.UtcNow;

        var kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        // Events are stamped while the test runs; rounded down to 10 minutes in Kolkata (UTC+5:30) time.
        for (var t = before; t <= after.AddMinutes(1); t = t.AddMinutes(1))
        {
            var local = TimeZoneInfo.ConvertTime(t, kolkata);
            allowed.Add($"{local:yyyy-MM-dd}/{local:HH}{local.Minute / 10 * 10:00}");
        }
        var files = Directory.GetFiles(Path.Combine(_dir, "tz"), "*", SearchOption.AllDirectories);
        Assert.All(files, f =>
        {
            var dir = Path.GetRelativePath(Path.Combine(_dir, "tz"), Path.GetDirectoryName(f)!);
            Assert.Contains(dir, allowed);
            Assert.StartsWith("events-", Path.GetFileName(f), StringComparison.Ordinal);
            Assert.False(f.EndsWith(".tmp", StringComparison.Ordinal));
        });
        Assert.Equal(lines.Order(StringComparer.Ordinal), files.SelectMany(File.ReadAllLines).Order(StringComparer.Ordinal));
    }

    private static int CountLines(string root) =>
        Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories).Sum(f => File.ReadAllLines(f).Length) : 0;
}
