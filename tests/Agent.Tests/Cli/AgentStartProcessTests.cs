using System.Globalization;
using System.Net.Sockets;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Cli;

/// <summary>An operator's first minutes, as processes: where the log goes, flume-env.sh, start failures, --dryrun, monitoring settings.</summary>
[Collection("processes")]
public sealed class AgentStartProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-start-it-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string NetcatConfig(string port)
    {
        var path = Path.Combine(_dir, "agent.properties");
        File.WriteAllText(path, $"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = netcat
            a1.sources.r1.bind = 127.0.0.1
            a1.sources.r1.port = {port}
            a1.sources.r1.channels = c1
            a1.channels.c1.type = memory
            a1.sinks.k1.type = null
            a1.sinks.k1.channel = c1
            a1.sinks.bad.type = no.such.Sink
            """);
        return path;
    }

    [Fact]
    public async Task DefaultLog_IsLogsFlumeLogInTheWorkingDirectory_AndFlumeEnvReachesTheConfig_AndMonitoringBindsLocalhostOnly()
    {
        var port = AgentProcess.FreePort();
        var metricsPort = AgentProcess.FreePort();
        var conf = Directory.CreateDirectory(Path.Combine(_dir, "conf")).FullName;
        File.WriteAllText(Path.Combine(conf, "flume-env.sh"), $"""
            export FLUMENET_IT_PORT={port}
            JAVA_OPTS="-Xmx512m -Dflume.monitoring.type=http -Dflume.monitoring.port={metricsPort} -Dflume.monitoring.bind=localhost"
            echo "flume-env.sh talks on stdout" 
            """);
        File.WriteAllText(Path.Combine(conf, "log4j.properties"), "log4j.rootLogger=INFO, LOGFILE\n");
        var config = NetcatConfig("${env:FLUMENET_IT_PORT}");
        var log = Path.Combine(_dir, "logs", "flume.log");
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-c", conf, "-f", config, "--no-reload-conf");
        Assert.True(SpinWait.SpinUntil(() => ReadShared(log).Contains("Metrics served at", StringComparison.Ordinal), TimeSpan.FromSeconds(60)), agent.Output + ReadShared(log));
        // flume-env.sh's exported variable reached ${env:…}: the source listens on that port.
        using (var client = new TcpClient("127.0.0.1", port))
        {
            Assert.True(client.Connected);
        }
        // Monitoring on localhost: 127.0.0.1 only, never every interface.
        using (var http = new HttpClient())
        {
            Assert.Contains("SOURCE.r1", await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics")), StringComparison.Ordinal);
        }
        Assert.Equal(["127.0.0.1"], ListeningAddresses(metricsPort));
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        var text = ReadShared(log);
        Assert.Contains("JAVA_OPTS -Dflume.monitoring.port applied", text, StringComparison.Ordinal);
        Assert.Contains("JAVA_OPTS -Xmx512m: a JVM option, ignored", text, StringComparison.Ordinal);
        Assert.Contains("exported FLUMENET_IT_PORT", text, StringComparison.Ordinal);
        Assert.Contains("log4j.properties is Flume's log4j config", text, StringComparison.Ordinal);
        Assert.Contains("Reloading configuration file:" + config, text, StringComparison.Ordinal);
        Assert.Matches(@"FlumeNet \S+ \(runs Flume 1\.11\.0 configs\) starting agent 'a1', pid \d+", text);
        Assert.Contains("Starting Channel c1", text, StringComparison.Ordinal);
        Assert.Contains("Starting Sink k1", text, StringComparison.Ordinal);
        Assert.Contains("Starting Source r1", text, StringComparison.Ordinal);
        Assert.Contains("dropped: sink 'bad'", text, StringComparison.Ordinal);
        Assert.Contains("Shutdown Metric for type: SOURCE, name: r1.", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', text);
    }

    [Fact]
    public void StartFailures_ArePrintedOnTheConsole_InFlumesWords()
    {
        var missing = Path.Combine(_dir, "nope.properties");
        using (var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", missing))
        {
            Assert.True(agent.WaitForExit(), agent.Output);
            Assert.Equal(1, agent.ExitCode);
            Assert.Contains($"The specified configuration file does not exist: {missing}", agent.Output, StringComparison.Ordinal);
        }
        using (var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", _dir))
        {
            Assert.True(agent.WaitForExit(), agent.Output);
            Assert.Equal(1, agent.ExitCode);
            Assert.Contains($"The specified configuration file is a directory: {_dir}", agent.Output, StringComparison.Ordinal);
        }
        Assert.Contains("The specified configuration file is a directory", ReadShared(Path.Combine(_dir, "logs", "flume.log")), StringComparison.Ordinal);
    }

    [Fact]
    public void DryRun_SaysWhatWouldRun_AndStartsNothing()
    {
        var port = AgentProcess.FreePort();
        var config = NetcatConfig(port.ToString(CultureInfo.InvariantCulture));
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--dryrun");
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.Equal(0, agent.ExitCode);
        Assert.Contains("would run agent 'a1'", agent.Output, StringComparison.Ordinal);
        Assert.Contains("source 'r1' (netcat)", agent.Output, StringComparison.Ordinal);
        Assert.Empty(ListeningAddresses(port));
        Assert.False(File.Exists(Path.Combine(_dir, "logs", "flume.log")));
    }

    [Theory]
    [InlineData("-Dflume.monitoring.port=99999", "flume.monitoring.port '99999' is not a port number")]
    [InlineData("-Dflume.monitoring.type=ganglia", "flume.monitoring.type 'ganglia' is not supported")]
    [InlineData("-Dflume.monitoring.bind=no-such-host.invalid", "flume.monitoring.bind 'no-such-host.invalid' does not resolve")]
    public void BadMonitoringSettings_AreAnErrorAtStart(string flag, string message)
    {
        var config = NetcatConfig(AgentProcess.FreePort().ToString(CultureInfo.InvariantCulture));
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "-Dflume.monitoring.type=http", flag, "-Dflume.root.logger=INFO,console");
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.Equal(1, agent.ExitCode);
        Assert.Contains(message, agent.Output, StringComparison.Ordinal);
    }

    private static string ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return string.Empty;
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // Local addresses listening on the port, from /proc/net/tcp and tcp6.
    private static List<string> ListeningAddresses(int port)
    {
        var result = new List<string>();
        foreach (var file in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(file))
            {
                continue;
            }
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = cols[1].Split(':');
                if (cols[3] != "0A" || int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) != port)
                {
                    continue;
                }
                result.Add(local[0] switch
                {
                    "0100007F" => "127.0.0.1",
                    "00000000" => "0.0.0.0",
                    var other when other.Length == 32 && other.EndsWith("01000000", StringComparison.Ordinal) && other.StartsWith("0000000000000000", StringComparison.Ordinal) => "::1",
                    var other => other,
                });
            }
        }
        return result;
    }
}
