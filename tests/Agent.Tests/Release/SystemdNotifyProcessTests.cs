using System.Net.Sockets;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Release;

/// <summary>
/// The agent as a <c>Type=notify</c> unit sees it: READY=1 once the netcat port listens, RELOADING=1 then READY=1 around a
/// SIGHUP reload, STOPPING=1 and exit 0 on SIGTERM. Runs bin/flume-ng (the JIT build of a checkout, or $FLUMENET_LAUNCHER);
/// <see cref="ReleaseTarballTests"/> runs the same with the release's native program.
/// </summary>
[Collection("processes")]
public sealed class SystemdNotifyProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-notify-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void NotifySocket_GetsReadyAfterTheSourceListens_ReloadingOnSighup_StoppingOnSigterm()
    {
        using var agent = StartWithNotify(_dir, AgentProcess.Launcher, null, out var notify, out var port);
        using (notify)
        {
            AssertNotifyLifecycle(agent, notify, port);
        }
    }

    internal static AgentProcess StartWithNotify(string dir, string program, IReadOnlyDictionary<string, string>? environment, out NotifyListener notify, out int port)
    {
        port = AgentProcess.FreePort();
        var config = Path.Combine(dir, "a1.properties");
        File.WriteAllText(config, $"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = netcat
            a1.sources.r1.bind = 127.0.0.1
            a1.sources.r1.port = {port}
            a1.sources.r1.channels = c1
            a1.channels.c1.type = memory
            a1.sinks.k1.type = file_roll
            a1.sinks.k1.channel = c1
            a1.sinks.k1.sink.directory = {Path.Combine(dir, "out")}
            """);
        notify = new NotifyListener(Path.Combine(dir, "notify.sock"));
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["NOTIFY_SOCKET"] = notify.Path };
        var args = new[] { "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console" };
        if (program == AgentProcess.Launcher)
        {
            AgentProcess.WarmUp();
        }
        // systemd starts services with SIGHUP at its default; a test host under nohup would hand it down ignored.
        return AgentProcess.SighupIgnored()
            ? AgentProcess.StartWith("env", dir, env, ["--default-signal=HUP", program, .. args])
            : AgentProcess.StartWith(program, dir, env, args);
    }

    internal static void AssertNotifyLifecycle(AgentProcess agent, NotifyListener notify, int port)
    {
        var wait = TimeSpan.FromMinutes(2);
        var ready = notify.WaitFor("READY=1", () => agent.HasExited, wait);
        Assert.True(ready is not null, $"no READY=1 (got: {string.Join(" | ", notify.Messages)}){Environment.NewLine}{agent.Output}");
        Assert.Contains("STATUS=Agent 'a1' running", ready, StringComparison.Ordinal);
        // READY=1 comes after the topology started: the port already listens.
        using (var client = new TcpClient())
        {
            client.Connect("127.0.0.1", port);
        }

        notify.Clear();
        agent.Signal("HUP");
        Assert.True(notify.WaitFor("RELOADING=1", () => agent.HasExited, wait) is not null, $"no RELOADING=1{Environment.NewLine}{agent.Output}");
        Assert.True(notify.WaitFor("READY=1", () => agent.HasExited, wait) is not null, $"no READY=1 after the reload{Environment.NewLine}{agent.Output}");
        Assert.True(agent.WaitFor("Agent 'a1' reloaded"), agent.Output);
        Assert.False(agent.HasExited, agent.Output);

        agent.Terminate();
        Assert.True(notify.WaitFor("STOPPING=1", () => false, wait) is not null, $"no STOPPING=1{Environment.NewLine}{agent.Output}");
        Assert.True(agent.WaitForExit(wait), agent.Output);
        Assert.Equal(0, agent.ExitCode);
    }
}
