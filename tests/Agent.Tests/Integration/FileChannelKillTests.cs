using System.Net.Sockets;
using System.Text;
using FlumeNet.Agent.Tests.Support;
using Xunit.Abstractions;

namespace FlumeNet.Agent.Tests.Integration;

/// <summary>
/// netcat → file channel → file_roll as <c>bin/flume-ng</c>, killed with SIGKILL at random moments while a client sends
/// lines: every line the source acknowledged with OK must come out at the end, and duplicates stay within one sink
/// batch per kill.
/// </summary>
[Collection("processes")]
public sealed class FileChannelKillTests : IDisposable
{
    private const int Kills = 10;
    private const int SinkBatch = 100;
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-fckill-").FullName;
    private readonly ITestOutputHelper _out;

    public FileChannelKillTests(ITestOutputHelper output) => _out = output;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteConfig(int port)
    {
        var path = Path.Combine(_dir, "agent.properties");
        System.IO.File.WriteAllText(path, $"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = netcat
            a1.sources.r1.bind = 127.0.0.1
            a1.sources.r1.port = {port}
            a1.sources.r1.channels = c1
            a1.channels.c1.type = file
            a1.channels.c1.checkpointDir = {Path.Combine(_dir, "checkpoint")}
            a1.channels.c1.dataDirs = {Path.Combine(_dir, "data1")},{Path.Combine(_dir, "data2")}
            a1.channels.c1.checkpointInterval = 1000
            a1.channels.c1.maxFileSize = 200000
            a1.channels.c1.minimumRequiredSpace = 1048576
            a1.channels.c1.transactionCapacity = 1000
            a1.sinks.k1.type = file_roll
            a1.sinks.k1.channel = c1
            a1.sinks.k1.sink.directory = {Path.Combine(_dir, "out")}
            a1.sinks.k1.sink.rollInterval = 0
            a1.sinks.k1.sink.batchSize = {SinkBatch}
            """);
        return path;
    }

    private static bool WaitForPort(int port, AgentProcess agent)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !agent.HasExited)
        {
            try
            {
                using var probe = new TcpClient("127.0.0.1", port);
                return true;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        return false;
    }

    // Sends lines in small pipelined groups and records those answered OK, until the agent goes away.
    private static void Send(int port, ref int next, List<string> acked, CancellationToken stop)
    {
        try
        {
            using var client = new TcpClient("127.0.0.1", port);
            using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            while (!stop.IsCancellationRequested)
            {
                var group = new List<string>();
                for (var i = 0; i < 20; i++)
                {
                    group.Add($"line-{next++}-" + new string('x', next % 200));
                }
                stream.Write(Encoding.UTF8.GetBytes(string.Join('\n', group) + "\n"));
                foreach (var line in group)
                {
                    if (reader.ReadLine() is not "OK")
                    {
                        return;
                    }
                    lock (acked)
                    {
                        acked.Add(line);
                    }
                }
            }
        }
        catch (IOException)
        {
            // killed mid-conversation: lines without an OK may or may not have been committed
        }
        catch (SocketException)
        {
        }
    }

    private List<string> Delivered()
    {
        var outDir = Path.Combine(_dir, "out");
        var lines = new List<string>();
        if (Directory.Exists(outDir))
        {
            foreach (var f in Directory.GetFiles(outDir))
            {
                lines.AddRange(System.IO.File.ReadAllLines(f));
            }
        }
        return lines;
    }

    [Fact]
    public void KilledTenTimes_DeliversEveryAcknowledgedLine_WithFewDuplicates()
    {
        // The launcher builds the agent when its sources changed; do that before timing anything or killing it.
        AgentProcess.WarmUp();
        var port = AgentProcess.FreePort();
        var config = WriteConfig(port);
        var acked = new List<string>();
        var next = 0;
        var rng = new Random();
        var log = new StringBuilder();
        for (var kill = 0; kill < Kills; kill++)
        {
            var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=WARN,console");
            var killed = false;
            try
            {
                Assert.True(WaitForPort(port, agent), agent.Output);
                using var stop = new CancellationTokenSource();
                var sender = new Thread(() => Send(port, ref next, acked, stop.Token));
                sender.Start();
                Thread.Sleep(rng.Next(200, 900));
                log.AppendLine($"kill {kill}: {acked.Count} acknowledged so far");
                agent.Dispose(); // SIGKILL
                killed = true;
                stop.Cancel();
                Assert.True(sender.Join(TimeSpan.FromSeconds(60)));
            }
            finally
            {
                if (!killed)
                {
                    agent.Dispose();
                }
            }
        }
        using var final = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(WaitForPort(port, final), final.Output);
        HashSet<string> delivered = [];
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            delivered = [.. Delivered()];
            if (acked.TrueForAll(delivered.Contains))
            {
                break;
            }
            Thread.Sleep(200);
        }
        final.Terminate();
        Assert.True(final.WaitForExit(), final.Output);
        var all = Delivered();
        var missing = acked.Where(l => !delivered.Contains(l)).Take(5).ToList();
        Assert.True(missing.Count == 0, $"acknowledged but not delivered: {string.Join(", ", missing)}\n{log}\n{final.Output}");
        Assert.True(acked.Count > Kills * 20, $"too few lines were acknowledged to test anything: {acked.Count}\n{log}");
        var duplicates = all.Count - all.Distinct().Count();
        _out.WriteLine($"{acked.Count} lines acknowledged, {Kills} kills: {duplicates} duplicates");
        Assert.True(duplicates <= Kills * SinkBatch, $"{duplicates} duplicates after {Kills} kills (sink batch {SinkBatch})");
        Assert.Contains("File channel 'c1' started", final.Output, StringComparison.Ordinal);
    }
}
