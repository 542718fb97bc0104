using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Integration;

/// <summary>netcat → memory → HDFS sink on webhdfs:// (the WebHDFS emulator as a process), faults injected, and kill -9 leftovers.</summary>
[Collection("processes")]
public sealed class WebHdfsSinkProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-webhdfs-it-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Faults_LoseNothing_WriteNothingTwice_AndLeaveNoTmpAfterShutdown()
    {
        var root = Directory.CreateDirectory(Path.Combine(_dir, "hdfs")).FullName;
        using var hdfs = EmulatorProcess.WebHdfs("--root", root);
        var port = AgentProcess.FreePort();
        var config = Config(hdfs.Url, port, rollCount: 700);
        hdfs.Fault(new { op = "APPEND", kind = "lease", count = 2 });
        hdfs.Fault(new { op = "APPEND", kind = "partial", count = 1 });
        hdfs.Fault(new { op = "APPEND", kind = "status", status = 503, count = 1 });
        hdfs.Fault(new { op = "CREATE", kind = "recovery", count = 1 });
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(agent.WaitFor("started"), agent.Output);
        var lines = Enumerable.Range(0, 3000).Select(i => $"line {i} " + new string('x', i % 300)).ToList();
        Assert.Equal(lines.Count, NetcatClient.SendAndCountOks(port, lines));
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.Equal(0, agent.ExitCode);

        var files = Directory.GetFiles(Path.Combine(root, "flume"), "*", SearchOption.AllDirectories);
        Assert.DoesNotContain(files, f => f.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.True(files.Length >= 5, $"rollCount 700 over 3000 lines makes at least 5 files, got {files.Length}: {string.Join(", ", files)}\n{agent.Output}");
        var landed = files.SelectMany(File.ReadAllLines).ToList();
        Assert.Equal(lines.Order(StringComparer.Ordinal), landed.Order(StringComparer.Ordinal));
        Assert.Contains("cut back to its", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void StandbyDuringThePartialAppendRepair_NoLineTwice_NoTornLine()
    {
        // Issue 15.2's reproduction: 50 lines landed twice and one torn.
        var root = Directory.CreateDirectory(Path.Combine(_dir, "hdfs")).FullName;
        using var hdfs = EmulatorProcess.WebHdfs("--root", root);
        var port = AgentProcess.FreePort();
        var config = Config(hdfs.Url, port, rollCount: 0);
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(agent.WaitFor("started"), agent.Output);
        var lines = Enumerable.Range(0, 300).Select(i => $"line {i} " + new string('y', 40)).ToList();
        Assert.Equal(100, NetcatClient.SendAndCountOks(port, lines[..100]));
        var dataDir = Path.Combine(root, "flume", DateTime.Now.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        Poll.Until(() => LinesIn(dataDir, "*") >= 100, everyMs: 50);
        hdfs.Fault(new object[]
        {
            new { op = "APPEND", kind = "partial", count = 1 },
            new { op = "GETFILESTATUS", kind = "standby", count = 1 },
            new { op = "TRUNCATE", kind = "standby", count = 1 },
        });
        Assert.Equal(200, NetcatClient.SendAndCountOks(port, lines[100..]));
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        var landed = Directory.GetFiles(Path.Combine(root, "flume"), "*", SearchOption.AllDirectories).SelectMany(File.ReadAllLines).ToList();
        Assert.Equal(lines.Order(StringComparer.Ordinal), landed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void KillDashNine_ThenRestart_FinishesTheLeftoverInUseFile()
    {
        var root = Directory.CreateDirectory(Path.Combine(_dir, "hdfs")).FullName;
        using var hdfs = EmulatorProcess.WebHdfs("--root", root);
        var port = AgentProcess.FreePort();
        var config = Config(hdfs.Url, port, rollCount: 0, callTimeoutMs: 1000);
        var dataDir = Path.Combine(root, "flume", DateTime.Now.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        using (var crashed = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console"))
        {
            Assert.True(crashed.WaitFor("started"), crashed.Output);
            Assert.Equal(50, NetcatClient.SendAndCountOks(port, [.. Enumerable.Range(0, 50).Select(i => "before " + i)]));
            // The sink APPENDs each batch before committing its take; wait until all 50 are in the in-use file.
            Poll.Until(() => LinesIn(dataDir, "*.tmp") >= 50);
            Assert.Equal(50, LinesIn(dataDir, "*.tmp"));
        } // Dispose kills the process tree with SIGKILL: no close, no rename.
        Assert.Single(Directory.GetFiles(dataDir, "*.tmp"));

        using (var restarted = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console"))
        {
            Assert.True(restarted.WaitFor("started"), restarted.Output);
            Assert.Equal(1, NetcatClient.SendAndCountOks(port, ["after"]));
            // The leftover is finished once it is older than 2 × callTimeout (2 s here), by the restarted sink's background walk.
            Assert.True(restarted.WaitFor("renamed to"), restarted.Output);
            restarted.Terminate();
            Assert.True(restarted.WaitForExit(), restarted.Output);
        }
        var files = Directory.GetFiles(dataDir);
        Assert.DoesNotContain(files, f => f.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.Equal(2, files.Length);
        Assert.Equal(51, files.Sum(f => File.ReadAllLines(f).Length));
    }

    private static int LinesIn(string dir, string pattern) =>
        Directory.Exists(dir) ? Directory.GetFiles(dir, pattern).Sum(f => File.ReadAllLines(f).Length) : 0;

    private string Config(Uri nameNode, int port, int rollCount, int callTimeoutMs = 20000)
    {
        var config = Path.Combine(_dir, "agent.properties");
        File.WriteAllText(config, $"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = netcat
            a1.sources.r1.bind = 127.0.0.1
            a1.sources.r1.port = {port}
            a1.sources.r1.max-line-length = 1000
            a1.sources.r1.channels = c1
            a1.channels.c1.type = memory
            a1.channels.c1.capacity = 10000
            a1.channels.c1.transactionCapacity = 1000
            a1.sinks.k1.type = hdfs
            a1.sinks.k1.channel = c1
            a1.sinks.k1.hdfs.path = webhdfs://{nameNode.Authority}/flume/%Y%m%d
            a1.sinks.k1.hdfs.useLocalTimeStamp = true
            a1.sinks.k1.hdfs.fileType = DataStream
            a1.sinks.k1.hdfs.batchSize = 100
            a1.sinks.k1.hdfs.rollInterval = 0
            a1.sinks.k1.hdfs.rollSize = 0
            a1.sinks.k1.hdfs.rollCount = {rollCount}
            a1.sinks.k1.hdfs.callTimeout = {callTimeoutMs}
            """);
        return config;
    }
}
