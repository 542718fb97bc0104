using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Integration;

/// <summary>netcat → memory → file_roll, run as <c>bin/flume-ng agent</c>, checked on disk and in <c>/metrics</c>.</summary>
[Collection("processes")]
public sealed class NetcatToFileRollTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-it-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteConfig(int port, string extra = "")
    {
        var path = Path.Combine(_dir, "agent.properties");
        File.WriteAllText(path, $"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = netcat
            a1.sources.r1.bind = 127.0.0.1
            a1.sources.r1.port = {port}
            a1.sources.r1.max-line-length = 4096
            a1.sources.r1.channels = c1
            a1.channels.c1.type = memory
            a1.channels.c1.capacity = 10000
            a1.channels.c1.transactionCapacity = 1000
            a1.sinks.k1.type = file_roll
            a1.sinks.k1.channel = c1
            a1.sinks.k1.sink.directory = {Path.Combine(_dir, "out")}
            a1.sinks.k1.sink.rollInterval = 0
            a1.sinks.k1.sink.batchSize = 1000
            {extra}
            """);
        return path;
    }

    private static List<string> MixedLines(int count)
    {
        var rng = new Random(42);
        var lines = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            lines.Add($"{i}:" + new string((char)('a' + (i % 26)), rng.Next(0, 2000)));
        }
        return lines;
    }

    private string[] ReadDelivered() =>
        [.. Directory.GetFiles(Path.Combine(_dir, "out")).Order(StringComparer.Ordinal).SelectMany(f => File.ReadAllLines(f))];

    [Fact]
    public async Task DeliversEveryLine_ExactlyOnce_InOrder_AndMetricsCountThem()
    {
        var port = AgentProcess.FreePort();
        var metricsPort = AgentProcess.FreePort();
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", WriteConfig(port), "--no-reload-conf",
            "-Dflume.root.logger=INFO,console", "-Dflume.monitoring.type=http", $"-Dflume.monitoring.port={metricsPort}",
            "-Dflume.monitoring.bind=127.0.0.1");
        Assert.True(agent.WaitFor("Metrics served"), agent.Output);
        var lines = MixedLines(20_000);
        Assert.Equal(lines.Count, NetcatClient.SendAndCountOks(port, lines));

        using var http = new HttpClient();
        JsonElement metrics = default;
        for (var i = 0; i < 200; i++)
        {
            metrics = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"))).RootElement;
            if (metrics.GetProperty("SINK.k1").GetProperty("EventDrainSuccessCount").GetString() == "20000")
            {
                break;
            }
            await Task.Delay(100);
        }
        Assert.Equal("20000", metrics.GetProperty("SOURCE.r1").GetProperty("EventAcceptedCount").GetString());
        Assert.Equal("20000", metrics.GetProperty("CHANNEL.c1").GetProperty("EventPutSuccessCount").GetString());
        Assert.Equal("20000", metrics.GetProperty("SINK.k1").GetProperty("EventDrainSuccessCount").GetString());
        Assert.Equal("0", metrics.GetProperty("CHANNEL.c1").GetProperty("ChannelSize").GetString());

        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.Equal(0, agent.ExitCode);
        Assert.Equal(lines, ReadDelivered());
    }

    [Fact]
    public void SigtermMidStream_LosesNothingTheSourceAccepted()
    {
        var port = AgentProcess.FreePort();
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", WriteConfig(port), "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(agent.WaitFor("started"), agent.Output);
        var acked = new List<string>();
        using (var client = new TcpClient("127.0.0.1", port))
        {
            using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            for (var i = 0; i < 100_000; i++)
            {
                var line = $"event {i} " + new string('x', i % 300);
                try
                {
                    stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
                    if (reader.ReadLine() != "OK")
                    {
                        break;
                    }
                }
                catch (IOException)
                {
                    break;
                }
                acked.Add(line);
                if (i == 2000)
                {
                    agent.Terminate();
                }
            }
        }
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.Equal(0, agent.ExitCode);
        var delivered = ReadDelivered();
        Assert.True(acked.Count > 2000);
        Assert.Equal(acked, delivered.Take(acked.Count));
    }

    [Fact]
    public void SecondAgent_WithStrict_OnTheSamePort_ExitsNonZeroNamingTheCause()
    {
        var port = AgentProcess.FreePort();
        var config = WriteConfig(port);
        using var first = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(first.WaitFor("started"), first.Output);
        using var second = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "--strict", "-Dflume.root.logger=INFO,console");
        Assert.True(second.WaitForExit(), second.Output);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"source 'r1' cannot start: netcat source 'r1' cannot listen on 127.0.0.1:{port}", second.Output, StringComparison.Ordinal);
        first.Terminate();
        Assert.True(first.WaitForExit());
    }
}

[CollectionDefinition("processes", DisableParallelization = true)]
public sealed class ProcessTestsDefinition
{
}
