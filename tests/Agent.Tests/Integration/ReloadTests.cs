using System.Net.Sockets;
using System.Text;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Integration;

/// <summary>Config reload (reference §4.5): a good edit replaces the topology, a bad edit keeps the running one.</summary>
[Collection("processes")]
public sealed class ReloadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-reload-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Config(int port, string outDir, string channelType = "memory") => $"""
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = netcat
        a1.sources.r1.bind = 127.0.0.1
        a1.sources.r1.port = {port}
        a1.sources.r1.channels = c1
        a1.channels.c1.type = {channelType}
        a1.sinks.k1.type = file_roll
        a1.sinks.k1.channel = c1
        a1.sinks.k1.sink.directory = {Path.Combine(_dir, outDir)}
        a1.sinks.k1.sink.rollInterval = 0
        """;

    private static void Send(int port, string line)
    {
        using var client = new TcpClient("127.0.0.1", port);
        using var stream = client.GetStream();
        stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
        using var reader = new StreamReader(stream);
        Assert.Equal("OK", reader.ReadLine());
    }

    private string[] Lines(string outDir)
    {
        var dir = Path.Combine(_dir, outDir);
        return Directory.Exists(dir) ? [.. Directory.GetFiles(dir).SelectMany(File.ReadAllLines)] : [];
    }

    private static void Touch(string path, string text)
    {
        File.WriteAllText(path, text);
        // Make sure the poller sees a newer time even on coarse file-system clocks.
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(2));
    }

    private static void Eventually(Func<bool> condition, string what)
    {
        Assert.True(Poll.Until(condition), what);
    }

    [Fact]
    public void GoodEdit_SwapsTheTopology_BadEdit_KeepsItRunning()
    {
        var port = AgentProcess.FreePort();
        var config = Path.Combine(_dir, "agent.properties");
        File.WriteAllText(config, Config(port, "out1"));
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "-i", "1", "-Dflume.root.logger=INFO,console");
        Assert.True(agent.WaitFor("started"), agent.Output);
        Send(port, "before");
        Eventually(() => Lines("out1").Contains("before"), "the first line reaches out1");

        Touch(config, Config(port, "out2"));
        Assert.True(agent.WaitFor("reloaded"), agent.Output);
        Send(port, "after good edit");
        Eventually(() => Lines("out2").Contains("after good edit"), "after a good edit, lines reach out2");

        Touch(config, Config(port, "out3", channelType: "memroy"));
        Assert.True(agent.WaitFor("keeping the running topology"), agent.Output);
        Send(port, "after bad edit");
        Eventually(() => Lines("out2").Contains("after bad edit"), "after a bad edit, the old topology still delivers");
        Assert.Empty(Lines("out3"));

        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
    }
}
