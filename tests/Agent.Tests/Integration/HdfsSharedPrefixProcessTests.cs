using System.Text.RegularExpressions;
using FlumeNet.Agent.Sinks.Hdfs;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Integration;

/// <summary>
/// Issue 13's acceptance as processes: two agents, each with two sinks on one channel, write one directory with one
/// prefix (local disk, and WebHDFS with late-closing cut uploads and asynchronous TRUNCATE); one agent is killed with
/// -9 mid-run and restarted. Small counts (300 lines per agent instead of 50,000) to keep the suite fast.
/// </summary>
[Collection("processes")]
public sealed partial class HdfsSharedPrefixProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-hdfs-shared-it-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("file")]
    [InlineData("webhdfs")]
    public void TwoAgentsSharingAPrefix_KillOne_NothingOfTheOtherIsTouched_LeftoversEndWhole(string scheme)
    {
        var root = Directory.CreateDirectory(Path.Combine(_dir, "data")).FullName;
        using var hdfs = scheme == "webhdfs"
            ? EmulatorProcess.WebHdfs("--root", root, "--cut-close-delay-ms", "300", "--truncate-recovery-ms", "300")
            : null;
        var target = hdfs is null ? "file://" + root + "/shared" : $"webhdfs://{hdfs.Url.Authority}/shared";
        var portA = AgentProcess.FreePort();
        var portB = AgentProcess.FreePort();
        var configA = Config("a1", portA, target);
        var configB = Config("a2", portB, target);
        if (hdfs is not null)
        {
            hdfs.Fault(new { op = "APPEND", kind = "partial", count = 2 });
        }
        using var b = AgentProcess.Start(_dir, "agent", "-n", "a2", "-f", configB, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(b.WaitFor("started"), b.Output);
        var sentToA = new List<string>();
        var linesB = Lines("B", 0, 300);
        using (var a = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", configA, "--no-reload-conf", "-Dflume.root.logger=INFO,console"))
        {
            Assert.True(a.WaitFor("started"), a.Output);
            Assert.Equal(150, NetcatClient.SendAndCountOks(portB, linesB[..150]));
            sentToA.AddRange(Lines("A", 0, 250));
            Assert.Equal(250, NetcatClient.SendAndCountOks(portA, sentToA));
            // Best effort: the kill should land mid-run, after some of A's lines are in files.
            Poll.Until(() => Landed(root).Count(l => l.StartsWith('A')) >= 120, TimeSpan.FromSeconds(60), everyMs: 50);
        } // SIGKILL mid-run: A's open files stay in use, possibly with a torn tail.
        Assert.Equal(150, NetcatClient.SendAndCountOks(portB, linesB[150..]));
        var after = Lines("A", 250, 50);
        var crashLeftovers = InUse(root).Where(f => f.Contains(Tag("a1", "k1"), StringComparison.Ordinal) || f.Contains(Tag("a1", "k2"), StringComparison.Ordinal)).ToList();
        using (var restarted = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", configA, "--no-reload-conf", "-Dflume.root.logger=INFO,console"))
        {
            Assert.True(restarted.WaitFor("started"), restarted.Output);
            Assert.Equal(50, NetcatClient.SendAndCountOks(portA, after));
            // The crash's leftovers (not the restarted sinks' own open files, which carry the same tags).
            Poll.Until(() => !crashLeftovers.Any(File.Exists));
            restarted.Terminate();
            Assert.True(restarted.WaitForExit(), restarted.Output);
            b.Terminate();
            Assert.True(b.WaitForExit(), b.Output);
            Assert.Empty(InUse(root));
            // A writer only ever finishes files that carry its own tag.
            foreach (Match m in FinishedLine().Matches(restarted.Output))
            {
                Assert.True(m.Value.Contains(Tag("a1", "k1"), StringComparison.Ordinal) || m.Value.Contains(Tag("a1", "k2"), StringComparison.Ordinal), m.Value);
            }
            Assert.DoesNotMatch(FinishedLine(), b.Output);
            var landed = Landed(root);
            // B never crashed and nobody touched its files: every line exactly once.
            Assert.Equal(linesB.Order(StringComparer.Ordinal), landed.Where(l => l.StartsWith('B')).Order(StringComparer.Ordinal));
            // A: no torn line, nothing sent after the restart is missing; what A had not committed when killed may be
            // lost from its memory channel, and only whole batches may appear twice.
            Assert.All(landed, l => Assert.Matches(@"^[AB]-\d+ x+$", l));
            var a1 = landed.Where(l => l.StartsWith('A')).ToList();
            Assert.Subset(sentToA.Concat(after).ToHashSet(), a1.ToHashSet());
            var missing = after.Except(a1).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} lines sent after the restart are missing, first {missing.FirstOrDefault()}\n--- restarted:\n{restarted.Output}\n--- b:\n{b.Output}");
            Assert.All(Directory.GetFiles(root, "*", SearchOption.AllDirectories), f => Assert.Matches(@"^FlumeData\.\d+(\.partial)?$", Path.GetFileName(f)));
            Assert.DoesNotContain("partial", string.Join(",", Directory.GetFiles(root, "*", SearchOption.AllDirectories)), StringComparison.Ordinal);
        }
    }

    private static string Tag(string agent, string sink) => WriterIdentity.Tag(System.Net.Dns.GetHostName(), agent, sink);

    private static List<string> Lines(string who, int from, int count) =>
        [.. Enumerable.Range(from, count).Select(i => $"{who}-{i} " + new string('x', 20 + (i % 50)))];

    private static List<string> Landed(string root) =>
        Directory.Exists(root) ? [.. Directory.GetFiles(root, "*", SearchOption.AllDirectories).SelectMany(ReadLines)] : [];

    private static IEnumerable<string> ReadLines(string file)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var lines = new List<string>();
            while (reader.ReadLine() is { } line)
            {
                lines.Add(line);
            }
            return lines;
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static string[] InUse(string root) => Directory.GetFiles(root, "*.tmp", SearchOption.AllDirectories);

    private string Config(string agent, int port, string target)
    {
        var config = Path.Combine(_dir, agent + ".properties");
        File.WriteAllText(config, $"""
            {agent}.sources = r1
            {agent}.channels = c1
            {agent}.sinks = k1 k2
            {agent}.sources.r1.type = netcat
            {agent}.sources.r1.bind = 127.0.0.1
            {agent}.sources.r1.port = {port}
            {agent}.sources.r1.channels = c1
            {agent}.channels.c1.type = memory
            {agent}.channels.c1.capacity = 10000
            {agent}.channels.c1.transactionCapacity = 1000
            {agent}.sinks.k1.type = hdfs
            {agent}.sinks.k1.channel = c1
            {agent}.sinks.k1.hdfs.path = {target}
            {agent}.sinks.k1.hdfs.fileType = DataStream
            {agent}.sinks.k1.hdfs.batchSize = 20
            {agent}.sinks.k1.hdfs.rollInterval = 0
            {agent}.sinks.k1.hdfs.rollSize = 0
            {agent}.sinks.k1.hdfs.rollCount = 60
            {agent}.sinks.k1.hdfs.callTimeout = 1000
            {agent}.sinks.k2.type = hdfs
            {agent}.sinks.k2.channel = c1
            {agent}.sinks.k2.hdfs.path = {target}
            {agent}.sinks.k2.hdfs.fileType = DataStream
            {agent}.sinks.k2.hdfs.batchSize = 20
            {agent}.sinks.k2.hdfs.rollInterval = 0
            {agent}.sinks.k2.hdfs.rollSize = 0
            {agent}.sinks.k2.hdfs.rollCount = 60
            {agent}.sinks.k2.hdfs.callTimeout = 1000
            """);
        return config;
    }

    [GeneratedRegex(@"finished '[^']*'")]
    private static partial Regex FinishedLine();
}
