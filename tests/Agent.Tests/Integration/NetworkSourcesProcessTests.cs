using System.Diagnostics;
using System.Globalization;
using System.Text;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Integration;

/// <summary>
/// syslogtcp, syslogudp, multiport_syslogtcp and http sources in one <c>bin/flume-ng agent</c>, fed by senders no one here
/// wrote (util-linux <c>logger</c>, syslog-ng, curl), checked in what file_roll writes with header_and_text.
/// </summary>
[Collection("processes")]
public sealed class NetworkSourcesProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-net-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed record Ports(int Tcp, int Udp, int Multi, int Json, int Blob);

    private AgentProcess StartAgent(Ports p)
    {
        var conf = Path.Combine(_dir, "agent.properties");
        File.WriteAllText(conf, $"""
            a1.sources = tcp udp multi json blob
            a1.channels = c1
            a1.sinks = k1
            a1.sources.tcp.type = syslogtcp
            a1.sources.tcp.host = 127.0.0.1
            a1.sources.tcp.port = {p.Tcp}
            a1.sources.tcp.clientIPHeader = clientIp
            a1.sources.tcp.channels = c1
            a1.sources.udp.type = syslogudp
            a1.sources.udp.host = 127.0.0.1
            a1.sources.udp.port = {p.Udp}
            a1.sources.udp.channels = c1
            a1.sources.multi.type = multiport_syslogtcp
            a1.sources.multi.host = 127.0.0.1
            a1.sources.multi.ports = {p.Multi}
            a1.sources.multi.portHeader = port
            a1.sources.multi.channels = c1
            a1.sources.json.type = http
            a1.sources.json.bind = 127.0.0.1
            a1.sources.json.port = {p.Json}
            a1.sources.json.channels = c1
            a1.sources.blob.type = http
            a1.sources.blob.bind = 127.0.0.1
            a1.sources.blob.port = {p.Blob}
            a1.sources.blob.handler = org.apache.flume.sink.solr.morphline.BlobHandler
            a1.sources.blob.channels = c1
            a1.channels.c1.type = memory
            a1.channels.c1.capacity = 10000
            a1.channels.c1.transactionCapacity = 1000
            a1.sinks.k1.type = file_roll
            a1.sinks.k1.channel = c1
            a1.sinks.k1.sink.directory = {Path.Combine(_dir, "out")}
            a1.sinks.k1.sink.rollInterval = 0
            a1.sinks.k1.sink.serializer = header_and_text
            """);
        Directory.CreateDirectory(Path.Combine(_dir, "out"));
        var agent = AgentProcess.Start(_dir, new Dictionary<string, string> { ["TZ"] = "UTC" },
            "agent", "-n", "a1", "-f", conf, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        // The launcher may build the agent first.
        Assert.True(agent.WaitFor("listening for HTTP on 127.0.0.1:" + p.Blob, TimeSpan.FromMinutes(5)), agent.Output);
        Assert.True(agent.WaitFor("listening for HTTP on 127.0.0.1:" + p.Json), agent.Output);
        Assert.True(agent.WaitFor($"ports {p.Multi}"), agent.Output);
        Assert.True(agent.WaitFor($"UDP 127.0.0.1:{p.Udp}"), agent.Output);
        Assert.True(agent.WaitFor($"TCP 127.0.0.1:{p.Tcp}"), agent.Output);
        return agent;
    }

    private static void Run(string file, string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardInput = stdin is not null, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), $"{file} did not finish");
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {err.Result} {output.Result}");
    }

    /// <summary>Each written event as (headers, body), parsed from header_and_text lines.</summary>
    private List<(Dictionary<string, string> Headers, string Body)> Delivered()
    {
        var result = new List<(Dictionary<string, string>, string)>();
        foreach (var file in Directory.GetFiles(Path.Combine(_dir, "out")))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                var end = line.IndexOf("} ", StringComparison.Ordinal);
                if (!line.StartsWith('{') || end < 0)
                {
                    continue;
                }
                var headers = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var pair in line[1..end].Split(", ", StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    headers[pair[..eq]] = pair[(eq + 1)..];
                }
                result.Add((headers, line[(end + 2)..]));
            }
        }
        return result;
    }

    private (Dictionary<string, string> Headers, string Body) WaitForBody(string marker)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            foreach (var e in Delivered())
            {
                if (e.Body.EndsWith(marker, StringComparison.Ordinal))
                {
                    return e;
                }
            }
            Thread.Sleep(100);
        }
        Assert.Fail($"no event ending with '{marker}' arrived; got: {string.Join(" | ", Delivered().Select(d => d.Body))}");
        return default;
    }

    private static void AssertRecent(string? millis)
    {
        Assert.NotNull(millis);
        var t = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(millis, CultureInfo.InvariantCulture));
        Assert.True(Math.Abs((t - DateTimeOffset.UtcNow).TotalHours) < 2, $"timestamp {t:o} is not now");
    }

    [ToolFact("logger")]
    public void Logger_OverTcpUdpAndMultiport_InBothFormats_AndOctetCounting()
    {
        var p = new Ports(AgentProcess.FreePort(), AgentProcess.FreePort(), AgentProcess.FreePort(), AgentProcess.FreePort(), AgentProcess.FreePort());
        using var agent = StartAgent(p);
        var host = Environment.MachineName;
        string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
        Run("logger", null, "--tcp", "--rfc3164", "-n", "127.0.0.1", "-P", Port(p.Tcp), "-t", "app", "-p", "local3.warning", "tcp3164");
        Run("logger", null, "--tcp", "--rfc5424", "-n", "127.0.0.1", "-P", Port(p.Tcp), "-t", "app", "tcp5424");
        Run("logger", null, "--tcp", "--octet-count", "--rfc5424", "-n", "127.0.0.1", "-P", Port(p.Tcp), "-t", "app", "tcpoctet");
        Run("logger", null, "--udp", "--rfc3164", "-n", "127.0.0.1", "-P", Port(p.Udp), "-t", "app", "udp3164");
        Run("logger", null, "--udp", "--rfc5424", "-n", "127.0.0.1", "-P", Port(p.Udp), "-t", "app", "udp5424");
        Run("logger", null, "--tcp", "--rfc5424", "-n", "127.0.0.1", "-P", Port(p.Multi), "-t", "app", "multi5424");
        Run("logger", null, "--tcp", "--octet-count", "--rfc3164", "-n", "127.0.0.1", "-P", Port(p.Multi), "-t", "app", "multioctet3164");

        var tcp3164 = WaitForBody("tcp3164");
        Assert.Equal("app: tcp3164", tcp3164.Body);
        Assert.Equal("19", tcp3164.Headers["Facility"]);
        Assert.Equal("4", tcp3164.Headers["Severity"]);
        Assert.Equal("156", tcp3164.Headers["priority"]);
        Assert.Equal(host, tcp3164.Headers["host"]);
        Assert.Equal("127.0.0.1", tcp3164.Headers["clientIp"]);
        AssertRecent(tcp3164.Headers.GetValueOrDefault("timestamp"));

        var tcp5424 = WaitForBody("tcp5424");
        Assert.StartsWith("app ", tcp5424.Body, StringComparison.Ordinal);
        Assert.Equal("1", tcp5424.Headers["version"]);
        Assert.Equal("13", tcp5424.Headers["priority"]);
        Assert.Equal(host, tcp5424.Headers["host"]);
        AssertRecent(tcp5424.Headers.GetValueOrDefault("timestamp"));

        var octet = WaitForBody("tcpoctet");
        Assert.StartsWith("app ", octet.Body, StringComparison.Ordinal);
        Assert.False(octet.Headers.ContainsKey("flume.syslog.status"));

        foreach (var marker in new[] { "udp3164", "udp5424" })
        {
            var e = WaitForBody(marker);
            Assert.Equal(host, e.Headers["host"]);
            Assert.False(e.Headers.ContainsKey("flume.syslog.status"));
        }

        var multi = WaitForBody("multi5424");
        Assert.Equal("13", multi.Headers["Priority"]);
        Assert.Equal("1", multi.Headers["Version"]);
        Assert.Equal(host, multi.Headers["host"]);
        Assert.Equal(Port(p.Multi), multi.Headers["port"]);
        AssertRecent(multi.Headers["timestamp"]);
        var multi3164 = WaitForBody("multioctet3164");
        Assert.Equal("app: multioctet3164", multi3164.Body);
        AssertRecent(multi3164.Headers["timestamp"]);
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.Equal(0, agent.ExitCode);
    }

    [ToolFact("syslog-ng")]
    public void SyslogNg_NetworkAndSyslogDrivers_DeliverEveryLine()
    {
        var p = new Ports(AgentProcess.FreePort(), AgentProcess.FreePort(), AgentProcess.FreePort(), AgentProcess.FreePort(), AgentProcess.FreePort());
        using var agent = StartAgent(p);
        var conf = Path.Combine(_dir, "syslog-ng.conf");
        File.WriteAllText(conf, $$"""
            @version: 3.38
            options { keep-hostname(yes); };
            source s_in { stdin(flags(no-parse)); };
            destination d_tcp { network("127.0.0.1" port({{p.Tcp}}) transport("tcp")); };
            destination d_udp { network("127.0.0.1" port({{p.Udp}}) transport("udp")); };
            destination d_multi { syslog("127.0.0.1" port({{p.Multi}}) transport("tcp")); };
            log { source(s_in); destination(d_tcp); destination(d_udp); destination(d_multi); };
            """);
        var lines = string.Concat(Enumerable.Range(0, 50).Select(i => $"sng line {i}\n"));
        Run("syslog-ng", lines, "-F", "-f", conf, "-R", Path.Combine(_dir, "persist"), "-p", Path.Combine(_dir, "pid"), "-c", Path.Combine(_dir, "ctl"), "--no-caps");
        WaitForBody("sng line 49");
        var watch = Stopwatch.StartNew();
        while (Delivered().Count < 150 && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(100);
        }
        var delivered = Delivered();
        for (var i = 0; i < 50; i++)
        {
            // Each line arrives once per destination: BSD format over TCP and UDP, RFC 5424 octet-counted on the multiport source.
            var copies = delivered.Where(d => d.Body.EndsWith($"sng line {i}", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, copies.Count);
            Assert.Single(copies, c => c.Headers.ContainsKey("Priority") && c.Headers["Version"] == "1");
            Assert.All(copies, c => Assert.False(c.Headers.ContainsKey("flume.syslog.status")));
        }
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
    }

    [ToolFact("curl")]
    public void Curl_PostsJsonArraysAndBlobs()
    {
        var p = new Ports(AgentProcess.FreePort(), AgentProcess.FreePort(), AgentProcess.FreePort(), AgentProcess.FreePort(), AgentProcess.FreePort());
        using var agent = StartAgent(p);
        var json = Path.Combine(_dir, "events.json");
        File.WriteAllText(json, """[{"headers":{"k":"v"},"body":"curl json é"},{"body":"curl second"}]""");
        Run("curl", null, "-sS", "-f", "-H", "Content-Type: application/json; charset=UTF-8", "--data-binary", "@" + json, $"http://127.0.0.1:{p.Json}/");
        var blob = Path.Combine(_dir, "blob.bin");
        File.WriteAllText(blob, "a blob from curl");
        Run("curl", null, "-sS", "-f", "-H", "Content-Type: application/octet-stream", "--data-binary", "@" + blob, $"http://127.0.0.1:{p.Blob}/?source=curl");
        var first = WaitForBody("curl json é");
        Assert.Equal("v", first.Headers["k"]);
        WaitForBody("curl second");
        var b = WaitForBody("a blob from curl");
        Assert.Equal("curl", b.Headers["source"]);
        Assert.Equal("application/octet-stream", b.Headers["Content-Type"]);
        // A malformed array is refused with 400 (curl -f fails on it).
        var psi = new ProcessStartInfo("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--data-binary", "[{bad", $"http://127.0.0.1:{p.Json}/"])
        {
            RedirectStandardOutput = true,
        };
        using (var c = Process.Start(psi)!)
        {
            Assert.Equal("400", c.StandardOutput.ReadToEnd());
            c.WaitForExit();
        }
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
    }
}
