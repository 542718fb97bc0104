using System.Globalization;
using FlumeNet.Agent.Tests.Support;
using Xunit.Abstractions;

namespace FlumeNet.Agent.Tests.Integration;

/// <summary>
/// TAILDIR → memory → HDFS sink on file://, with rotation by rename and by copy-truncate while lines are written, and
/// the agent killed with SIGKILL ten times at random moments: nothing is lost, and each kill re-sends at most about
/// a batch (the position file lags the sinks by writePosInterval).
/// </summary>
[Collection("processes")]
public sealed class TaildirKillTests : IDisposable
{
    private const int BatchSize = 100;
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-taildir-it-").FullName;
    private readonly ITestOutputHelper _log;

    public TaildirKillTests(ITestOutputHelper log) => _log = log;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void KillDashNine_TenTimes_WithRenameAndCopyTruncateRotation_LosesNothing()
    {
        var logs = Path.Combine(_dir, "logs");
        var outDir = Path.Combine(_dir, "out");
        Directory.CreateDirectory(logs);
        var app = Path.Combine(logs, "app.log");
        File.WriteAllText(app, string.Empty);
        var config = Path.Combine(_dir, "agent.properties");
        File.WriteAllText(config, $"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = TAILDIR
            a1.sources.r1.channels = c1
            a1.sources.r1.filegroups = f1
            a1.sources.r1.filegroups.f1 = {logs}/app\\.log(\\.\\d+)?
            a1.sources.r1.positionFile = {_dir}/taildir_position.json
            a1.sources.r1.batchSize = {BatchSize}
            a1.sources.r1.writePosInterval = 100
            a1.sources.r1.backoffSleepIncrement = 20
            a1.sources.r1.maxBackoffSleep = 50
            a1.channels.c1.type = memory
            a1.channels.c1.capacity = 100000
            a1.channels.c1.transactionCapacity = 1000
            a1.channels.c1.keep-alive = 1
            a1.sinks.k1.type = hdfs
            a1.sinks.k1.channel = c1
            a1.sinks.k1.hdfs.path = file://{outDir}
            a1.sinks.k1.hdfs.fileType = DataStream
            a1.sinks.k1.hdfs.rollInterval = 0
            a1.sinks.k1.hdfs.rollSize = 0
            a1.sinks.k1.hdfs.rollCount = 0
            a1.sinks.k1.hdfs.batchSize = 50
            """);
        var random = new Random(16);
        var next = 0;
        var output = new List<string>();
        var rotations = 0;
        const int Kills = 10;
        for (var kill = 0; kill < Kills; kill++)
        {
            using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
            try
            {
                Assert.True(agent.WaitFor("Source 'r1' follows"), agent.Output);
                if (kill % 3 == 1)
                {
                    // Rename rotation, to a name the pattern still matches: followed by inode, not read again.
                    Write(app, ref next, 50);
                    File.Move(app, $"{app}.{++rotations}");
                    File.WriteAllText(app, string.Empty);
                }
                else if (kill % 3 == 2)
                {
                    // copytruncate: the copy matches no pattern; written lines must be read before the truncation, as in Flume.
                    Write(app, ref next, 50);
                    Assert.True(WaitLanded(outDir, next), agent.Output);
                    File.Copy(app, app + ".copy", overwrite: true);
                    using (var f = new FileStream(app, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                    {
                        f.SetLength(0);
                    }
                    var truncations = Count(agent.Output, "it was truncated");
                    Assert.True(WaitUntil(() => Count(agent.Output, "it was truncated") > truncations), agent.Output);
                }
                for (var chunk = 0; chunk < 4; chunk++)
                {
                    Write(app, ref next, 40);
                    Thread.Sleep(random.Next(20, 80));
                }
                Thread.Sleep(random.Next(0, 300));
            }
            finally
            {
                output.Add(agent.Output);
            } // Dispose: SIGKILL.
        }
        using (var last = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console"))
        {
            Assert.True(last.WaitFor("Agent 'a1' started"), last.Output);
            Assert.True(WaitLanded(outDir, next), last.Output);
            last.Terminate();
            Assert.True(last.WaitForExit(), last.Output);
            Assert.Equal(0, last.ExitCode);
        }
        var landed = Landed(outDir);
        Assert.Equal(Enumerable.Range(0, next), landed.Distinct().Order());
        var duplicates = landed.Count - next;
        _log.WriteLine($"{next} lines, {rotations} renames, {Kills} kills: {duplicates} duplicates");
        Assert.True(duplicates <= Kills * BatchSize, $"{duplicates} duplicates after {Kills} kills");
        Assert.Contains(output, o => o.Contains("was renamed to", StringComparison.Ordinal));
    }

    private static void Write(string path, ref int next, int lines)
    {
        using var w = new StreamWriter(path, append: true);
        for (var i = 0; i < lines; i++)
        {
            w.Write(next++.ToString(CultureInfo.InvariantCulture));
            w.Write('\n');
        }
    }

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

    private static bool WaitLanded(string outDir, int count) => WaitUntil(() => Landed(outDir).Distinct().Count() >= count);

    private static List<int> Landed(string outDir)
    {
        var all = new List<int>();
        if (!Directory.Exists(outDir))
        {
            return all;
        }
        foreach (var f in Directory.GetFiles(outDir, "*", SearchOption.AllDirectories))
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(f);
            }
            catch (FileNotFoundException)
            {
                // A leftover .tmp renamed by the restarted sink meanwhile: counted under its new name at the next poll.
                return [];
            }
            foreach (var line in lines)
            {
                // A line the sink was writing when it was killed may be cut; only whole numbers count.
                if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    all.Add(n);
                }
            }
        }
        return all;
    }
}
