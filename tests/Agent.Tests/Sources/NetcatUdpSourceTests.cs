using System.Net;
using System.Net.Sockets;
using System.Text;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Sources;

namespace FlumeNet.Agent.Tests.Sources;

/// <summary>The netcatudp source (reference §6.1): datagrams over 127.0.0.1 into a real memory channel.</summary>
public sealed class NetcatUdpSourceTests
{
    private static void Send(UdpClient client, int port, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        client.Send(bytes, bytes.Length, new IPEndPoint(IPAddress.Loopback, port));
    }

    [Fact]
    public void EachDatagram_IsOneEvent_CutAtItsFirstNewline()
    {
        var h = new SourceHarness();
        var source = new NetcatUdpSource("r1", new NetcatUdpSourceOptions("127.0.0.1", 0), h.Processor);
        source.Start();
        try
        {
            using var client = new UdpClient(AddressFamily.InterNetwork);
            Send(client, source.BoundPort, "hello");
            Send(client, source.BoundPort, "world\n");
            Send(client, source.BoundPort, "first\nsecond\n");
            Send(client, source.BoundPort, "cr kept\r\n");
            var texts = h.WaitFor(4);
            texts.Sort(StringComparer.Ordinal);
            Assert.Equal(["cr kept\r", "first", "hello", "world"], texts);
            Assert.False(h.Received[0].HasHeaders);
        }
        finally
        {
            source.Stop();
        }
        Assert.Equal(4, source.Counter.EventReceivedCount);
        Assert.Equal(4, source.Counter.EventAcceptedCount);
        Assert.True(source.Counter.AppendBatchAcceptedCount is >= 1 and <= 4);
    }

    [Fact]
    public void RemoteAddress_NamesTheHeaderHoldingTheSender()
    {
        var h = new SourceHarness();
        var source = new NetcatUdpSource("r1", new NetcatUdpSourceOptions("127.0.0.1", 0, "sender"), h.Processor);
        source.Start();
        try
        {
            using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            var clientPort = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
            Send(client, source.BoundPort, "x");
            h.WaitFor(1);
            Assert.Equal($"/127.0.0.1:{clientPort}", h.Received[0].Header("sender"));
        }
        finally
        {
            source.Stop();
        }
    }

    [Fact]
    public void BusyPort_FailsStart_NamingSourceAndAddress()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        var source = new NetcatUdpSource("r7", new NetcatUdpSourceOptions("127.0.0.1", port), new SourceHarness().Processor);
        var ex = Assert.Throws<IOException>(source.Start);
        Assert.Contains("'r7'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ReadsBindPortAndRemoteAddress_NotTheDocumentedRemoteAddressHeader()
    {
        var p = new SourceHarness().Processor;
        var defaults = NetcatUdpSource.Create(SourceHarness.Options(SourceSpecs.NetcatUdp, ("port", "5140")), p).Options;
        Assert.Equal(new NetcatUdpSourceOptions(null, 5140), defaults);
        var set = NetcatUdpSource.Create(SourceHarness.Options(SourceSpecs.NetcatUdp, ("bind", "127.0.0.1"), ("port", "5141"),
            ("remoteAddressHeader", "ignored"), ("remoteAddress", "src")), p).Options;
        Assert.Equal(new NetcatUdpSourceOptions("127.0.0.1", 5141, "src"), set);
    }

    [Fact]
    public void UnsetBind_ListensOnAllInterfaces()
    {
        var h = new SourceHarness();
        var source = new NetcatUdpSource("r1", new NetcatUdpSourceOptions(null, 0), h.Processor);
        source.Start();
        try
        {
            using var client = new UdpClient(AddressFamily.InterNetwork);
            Send(client, source.BoundPort, "any");
            Assert.Equal(["any"], h.WaitFor(1));
        }
        finally
        {
            source.Stop();
        }
    }
}
