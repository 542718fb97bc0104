using System.Net;
using System.Net.Sockets;
using System.Text;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Sources.Syslog;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Sources.Syslog;

/// <summary>The three syslog sources over real sockets: headers, framing, delivery under a full channel, bad clients, port clashes.</summary>
public sealed class SyslogSourceTests
{
    private static SyslogTcpSource Tcp(SourceHarness h, params (string, string)[] props) =>
        (SyslogTcpSource)SyslogSourceBinding.SyslogTcp.Source!(SourceHarness.Options(SyslogSourceSpecs.SyslogTcp, [.. props, ("host", "127.0.0.1"), ("port", "0")]), h.Processor);

    private static void Send(int port, byte[] data, bool reset = false)
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, port);
        client.GetStream().Write(data);
        if (reset)
        {
            client.LingerState = new LingerOption(true, 0);
        }
    }

    [Fact]
    public void SyslogTcp_DeliversEveryMessage_WithHeaders_AndCountsThem()
    {
        var h = new SourceHarness();
        var source = Tcp(h, ("clientIPHeader", "ip"), ("keepFields", "hostname"));
        source.Start();
        try
        {
            var lines = Enumerable.Range(0, 500).Select(i => $"<13>Oct 11 22:14:15 host{i % 3} message {i}").ToList();
            Send(source.BoundPort, Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
            var bodies = h.WaitFor(500);
            Assert.Equal(lines.Select((l, i) => $"host{i % 3} message {i}"), bodies);
            Assert.All(h.Received, e => Assert.Equal("127.0.0.1", e.Header("ip")));
            Assert.Equal("1", h.Received[0].Header("Facility"));
            SourceHarness.WaitUntil(() => source.Counter.EventAcceptedCount == 500, "EventAcceptedCount 500");
            Assert.Equal(500, source.Counter.EventReceivedCount);
        }
        finally
        {
            source.Stop();
        }
    }

    [Fact]
    public void SyslogTcp_FullChannel_RetriesUntilThereIsRoom_NothingLost()
    {
        var h = new SourceHarness(capacity: 10, transactionCapacity: 10);
        var source = Tcp(h);
        source.Start();
        try
        {
            var lines = Enumerable.Range(0, 200).Select(i => $"<13>Oct 11 22:14:15 h m{i}").ToList();
            Send(source.BoundPort, Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
            SourceHarness.WaitUntil(() => source.Counter.ChannelWriteFail > 0, "the channel to refuse a batch");
            Assert.Equal(lines.Select((_, i) => $"m{i}"), h.WaitFor(200));
            Thread.Sleep(100);
            h.Drain();
            Assert.Equal(200, h.Received.Count);
        }
        finally
        {
            source.Stop();
        }
    }

    [Fact]
    public void SyslogTcp_SurvivesGarbage_AbruptCloses_AndAPartialLastLine()
    {
        var h = new SourceHarness();
        var source = Tcp(h);
        source.Start();
        try
        {
            var rng = new Random(7);
            var garbage = new byte[3000];
            rng.NextBytes(garbage);
            Send(source.BoundPort, [.. garbage, (byte)'\n'], reset: true);
            Send(source.BoundPort, "<13>Oct 11 22:14:15 h before\n<13>Oct 11 22:14:15 h partial"u8.ToArray());
            Send(source.BoundPort, "<13>Oct 11 22:14:15 h after\n"u8.ToArray());
            SourceHarness.WaitUntil(() => { h.Drain(); return h.Texts().Contains("after") && h.Texts().Contains("partial"); }, "the good messages");
            Assert.Contains("before", h.Texts());
            Assert.Equal(0, source.Counter.OpenConnectionCount);
        }
        finally
        {
            source.Stop();
        }
    }

    [Fact]
    public void SyslogTcp_PortInUse_FailsStart()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var source = Tcp(new SourceHarness(), ("port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var ex = Assert.Throws<IOException>(source.Start);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SyslogUdp_OneDatagramOneEvent_WithClientHeader()
    {
        var h = new SourceHarness();
        var source = (SyslogUdpSource)SyslogSourceBinding.SyslogUdp.Source!(SourceHarness.Options(SyslogSourceSpecs.SyslogUdp,
            ("host", "127.0.0.1"), ("port", "0"), ("clientIPHeader", "ip")), h.Processor);
        source.Start();
        try
        {
            using var udp = new UdpClient();
            udp.Send(""u8, new IPEndPoint(IPAddress.Loopback, source.BoundPort));
            for (var i = 0; i < 20; i++)
            {
                udp.Send(Encoding.ASCII.GetBytes($"<14>1 2024-06-15T12:00:00Z web app - - - udp {i}\nignored"), new IPEndPoint(IPAddress.Loopback, source.BoundPort));
            }
            var bodies = h.WaitFor(20);
            Assert.Equal(Enumerable.Range(0, 20).Select(i => $"app - - - udp {i}"), bodies.Order(StringComparer.Ordinal).OrderBy(b => b.Length));
            Assert.All(h.Received, e => Assert.Equal("web", e.Header("host")));
            Assert.All(h.Received, e => Assert.Equal("127.0.0.1", e.Header("ip")));
            SourceHarness.WaitUntil(() => source.Counter.EventReadFail == 1, "the empty datagram to count as a read failure");
        }
        finally
        {
            source.Stop();
        }
    }

    [Fact]
    public void SyslogUdp_PortInUse_FailsStart()
    {
        using var taken = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var busy = ((IPEndPoint)taken.Client.LocalEndPoint!).Port;
        var source = SyslogSourceBinding.SyslogUdp.Source!(SourceHarness.Options(SyslogSourceSpecs.SyslogUdp,
            ("host", "127.0.0.1"), ("port", busy.ToString(System.Globalization.CultureInfo.InvariantCulture))), new SourceHarness().Processor);
        var ex = Assert.Throws<IOException>(source.Start);
        Assert.Contains(busy.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Multiport_PortHeader_PerPortCharset_AndBatches()
    {
        var h = new SourceHarness();
        var p1 = AgentProcess.FreePort();
        var p2 = AgentProcess.FreePort();
        var source = (MultiportSyslogTcpSource)SyslogSourceBinding.MultiportSyslogTcp.Source!(SourceHarness.Options(SyslogSourceSpecs.MultiportSyslogTcp,
            ("host", "127.0.0.1"), ("ports", $"{p1} {p2}"), ("portHeader", "port"), ($"charset.port.{p2}", "ISO-8859-1"), ("batchSize", "7")), h.Processor);
        source.Start();
        try
        {
            byte[] latin = [.. "<13>Oct 11 22:14:15 h caf"u8, 0xE9, (byte)'\n'];
            Send(p1, latin);
            Send(p2, latin);
            Send(p1, Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 30).Select(i => $"<13>1 2024-06-15T12:00:00Z h app - - - n{i}\n"))));
            h.WaitFor(32);
            var fromP2 = Assert.Single(h.Received, e => e.Header("port") == p2.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(new byte[] { (byte)'c', (byte)'a', (byte)'f', 0xE9 }, fromP2.Body);
            Assert.Null(fromP2.Header("flume.syslog.status"));
            var invalid = Assert.Single(h.Received, e => e.Header("flume.syslog.status") == "Invalid");
            Assert.Equal(latin[..^1], invalid.Body);
            Assert.Equal(1, source.Counter.EventReadFail);
            Assert.Equal("1", h.Received.First(e => e.Header("Version") is not null).Header("Version"));
        }
        finally
        {
            source.Stop();
        }
    }

    [Fact]
    public void Multiport_OnePortInUse_FailsStart_AndReleasesTheOthers()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var busy = ((IPEndPoint)taken.LocalEndpoint).Port;
        var free = AgentProcess.FreePort();
        var source = SyslogSourceBinding.MultiportSyslogTcp.Source!(SourceHarness.Options(SyslogSourceSpecs.MultiportSyslogTcp,
            ("host", "127.0.0.1"), ("ports", $"{free} {busy}")), new SourceHarness().Processor);
        Assert.Throws<IOException>(source.Start);
        using var again = new TcpListener(IPAddress.Loopback, free);
        again.Start();
    }

    [Fact]
    public void SyslogTcp_OverTls_WithAPemKeyStore()
    {
        var dir = Directory.CreateTempSubdirectory("flumenet-tls-").FullName;
        try
        {
            var pem = Path.Combine(dir, "server.pem");
            string thumbprint;
            using (var key = System.Security.Cryptography.ECDsa.Create())
            {
                var req = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=localhost", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
                using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
                thumbprint = cert.GetCertHashString();
                File.WriteAllText(pem, cert.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());
            }
            var h = new SourceHarness();
            var source = Tcp(h, ("ssl", "true"), ("keystore", pem));
            source.Start();
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, source.BoundPort);
                using var tls = new System.Net.Security.SslStream(client.GetStream(), false, (_, c, _, _) => c?.GetCertHashString() == thumbprint);
                tls.AuthenticateAsClient("localhost");
                tls.Write("<13>Oct 11 22:14:15 h over tls\n"u8);
                tls.Flush();
                Assert.Equal(["over tls"], h.WaitFor(1));
            }
            finally
            {
                source.Stop();
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
