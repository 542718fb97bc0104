using System.Globalization;
using FlumeNet.Agent.Tests.Support;
using Xunit.Abstractions;

namespace FlumeNet.Agent.Tests.Integration;

/// <summary>
/// spooldir → memory → HDFS sink on file:// with 200 small files and the agent killed with SIGKILL at random
/// moments: no line is lost and every file is completed (renamed) exactly once.
/// </summary>
[Collection("processes")]
public sealed class SpoolDirKillTests : IDisposable
{
    private const int Files = 200;
    private const int LinesPerFile = 20;
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-spool-it-").FullName;
    private readonly ITestOutputHelper _log;

    public SpoolDirKillTests(ITestOutputHelper log) => _log = log;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void KillDashNine_WhileSpooling200Files_LosesNothing_AndCompletesEachFileOnce()
    {
        var spool = Path.Combine(_dir, "spool");
        var outDir = Path.Combine(_dir, "out");
        Directory.CreateDirectory(spool);
        for (var f = 0; f < Files; f++)
        {
            var lines = Enumerable.Range(f * LinesPerFile, LinesPerFile).Select(i => i.ToString(CultureInfo.InvariantCulture));
            File.WriteAllText(Path.Combine(spool, $"f{f:D3}.log"), string.Join('\n', lines) + "\n");
        }
        var config = Path.Combine(_dir, "agent.properties");
        File.WriteAllText(config, $"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = spooldir
            a1.sources.r1.channels = c1
            a1.sources.r1.spoolDir = {spool}
            a1.sources.r1.batchSize = 10
            a1.sources.r1.pollDelay = 50
            a1.channels.c1.type = memory
            a1.channels.c1.capacity = 10000
            a1.channels.c1.transactionCapacity = 1000
            a1.channels.c1.keep-alive = 1
            a1.sinks.k1.type = hdfs
            a1.sinks.k1.channel = c1
            a1.sinks.k1.hdfs.path = file://{outDir}
            a1.sinks.k1.hdfs.fileType = DataStream
            a1.sinks.k1.hdfs.rollInterval = 0
            a1.sinks.k1.hdfs.rollSize = 0
            a1.sinks.k1.hdfs.rollCount = 0
            a1.sinks.k1.hdfs.batchSize = 100
            """);
        var random = new Random(7);
        var output = new List<string>();
        // 5 here to keep the suite's wall time; tools/bench/file-kills.sh runs the acceptance's 10.
        var kills = int.TryParse(Environment.GetEnvironmentVariable("FLUMENET_SPOOL_KILLS"), out var k) ? k : 5;
        for (var kill = 0; kill < kills; kill++)
        {
            using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
            try
            {
                Assert.True(agent.WaitFor("reads files dropped into"), agent.Output);
                var completed = Completed(spool);
                // Kill at a random moment once this run has made some progress.
                Assert.True(WaitUntil(() => Completed(spool) > completed || Completed(spool) == Files), agent.Output);
                Thread.Sleep(random.Next(0, 400));
            }
            finally
            {
                output.Add(agent.Output);
            } // Dispose: SIGKILL.
        }
        using (var last = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console"))
        {
            Assert.True(last.WaitFor("Agent 'a1' started"), last.Output);
            Assert.True(WaitUntil(() => Completed(spool) == Files), last.Output);
            last.Terminate();
            Assert.True(last.WaitForExit(), last.Output);
            Assert.Equal(0, last.ExitCode);
            output.Add(last.Output);
        }
        for (var f = 0; f < Files; f++)
        {
            var name = Path.Combine(spool, $"f{f:D3}.log");
            Assert.False(File.Exists(name), name);
            Assert.True(File.Exists(name + ".COMPLETED"), name);
            // A SIGKILL can cut the log before the line of a rename that happened, so the log shows at most one.
            var times = output.Sum(o => Count(o, $"completed {name} as"));
            Assert.True(times <= 1, $"{name} completed {times} times: {string.Join("\n----\n", output)}");
        }
        Assert.False(Directory.Exists(Path.Combine(spool, ".flumespool", "quarantine")));
        var landed = Landed(outDir);
        _log.WriteLine($"{Files * LinesPerFile} lines in {Files} files, {kills} kills: {landed.Count - Files * LinesPerFile} duplicates");
        Assert.Equal(Enumerable.Range(0, Files * LinesPerFile), landed.Distinct().Order());
    }

    private static int Completed(string spool) => Directory.GetFiles(spool, "*.COMPLETED").Length;

    private static int Count(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal))
        {
            n++;
        }
        return n;
    }

    private static bool WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            Thread.Sleep(20);
        }
        return true;
    }

    private static List<int> Landed(string outDir)
    {
        var all = new List<int>();
        foreach (var f in Directory.GetFiles(outDir, "*", SearchOption.AllDirectories))
        {
            foreach (var line in File.ReadAllLines(f))
            {
                if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    all.Add(n);
                }
            }
        }
        return all;
    }
}
