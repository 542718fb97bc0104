using System.Net.Sockets;
using System.Text;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Net;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Sources.Avro;
using FlumeNet.Agent.Tests.AvroRpc;

namespace FlumeNet.Agent.Tests.Sources.Avro;

public sealed class AvroSourceTests : IDisposable
{
    private readonly TestCertificates _certs = new();

    public void Dispose() => _certs.Dispose();

    private static AvroSource Start(SourceHarness h, params (string Key, string Value)[] extra)
    {
        var source = AvroSourceBinding.Create(
            SourceHarness.Options(RpcSourceSpecs.Avro, [("bind", "127.0.0.1"), ("port", "0"), .. extra]), h.Processor);
        source.Start();
        return source;
    }

    private static List<FlumeEvent> Events(int count, int from = 0)
    {
        var list = new List<FlumeEvent>(count);
        for (var i = from; i < from + count; i++)
        {
            list.Add(new FlumeEvent(Encoding.UTF8.GetBytes($"event {i}"), new Dictionary<string, string> { ["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["h"] = "é☃" }));
        }
        return list;
    }

    private static Task<AvroRpcClient> Connect(int port, bool deflate = false, TlsClientSettings? tls = null) =>
        AvroRpcClient.ConnectAsync(new AvroRpcClientOptions("127.0.0.1", port) { Deflate = deflate, Tls = tls }, CancellationToken.None);

    public static TheoryData<bool, bool> Modes => new() { { false, false }, { true, false }, { false, true }, { true, true } };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task AppendBatch_IsAcknowledgedAfterCommit_HeadersAndBodiesIntact(bool deflate, bool ssl)
    {
        var h = new SourceHarness(capacity: 10_000, transactionCapacity: 1000);
        (string, string)[] options = [
            .. deflate ? new[] { ("compression-type", "DEFLATE") } : [],
            .. ssl ? new[] { ("ssl", "true"), ("keystore", _certs.KeyStore), ("keystore-password", _certs.Password), ("keystore-type", "PKCS12") } : [],
        ];
        var source = Start(h, options);
        try
        {
            var tls = ssl ? new TlsClientSettings(false, TlsStores.LoadTrustStore(_certs.TrustStore, null), System.Security.Authentication.SslProtocols.None, null) : null;
            using var client = await Connect(source.BoundPort, deflate, tls);
            for (var b = 0; b < 5; b++)
            {
                Assert.Equal(AvroStatus.Ok, await client.AppendBatchAsync(Events(200, b * 200), 0, 200, CancellationToken.None));
                Assert.Equal((b + 1) * 200, h.Channel.Count + h.Received.Count);
            }
            Assert.Equal(AvroStatus.Ok, await client.AppendAsync(Events(1, 1000)[0], CancellationToken.None));
            var texts = h.WaitFor(1001);
            Assert.Equal(Enumerable.Range(0, 1001).Select(i => $"event {i}"), texts);
            Assert.All(h.Received, e => Assert.Equal("é☃", e.Header("h")));
            Assert.Equal(5, source.Counter.AppendBatchAcceptedCount);
            Assert.Equal(1, source.Counter.AppendAcceptedCount);
            Assert.Equal(1001, source.Counter.EventAcceptedCount);
            Assert.Equal(1001, source.Counter.EventReceivedCount);
            Assert.Equal(1, source.Counter.OpenConnectionCount);
        }
        finally
        {
            source.Stop();
        }
    }

    [Fact]
    public async Task FullChannel_AnswersFailed_AndKeepsNothingOfThatBatch()
    {
        var h = new SourceHarness(capacity: 50, transactionCapacity: 100);
        var source = Start(h);
        try
        {
            using var client = await Connect(source.BoundPort);
            Assert.Equal(AvroStatus.Ok, await client.AppendBatchAsync(Events(40), 0, 40, CancellationToken.None));
            Assert.Equal(AvroStatus.Failed, await client.AppendBatchAsync(Events(40, 40), 0, 40, CancellationToken.None));
            Assert.Equal(40, h.Channel.Count);
            Assert.Equal(1, source.Counter.ChannelWriteFail);
            Assert.Equal(2, source.Counter.AppendBatchReceivedCount);
            Assert.Equal(1, source.Counter.AppendBatchAcceptedCount);
            h.WaitFor(40);
            Assert.Equal(AvroStatus.Ok, await client.AppendBatchAsync(Events(40, 40), 0, 40, CancellationToken.None));
            Assert.Equal(Enumerable.Range(0, 80).Select(i => $"event {i}"), h.WaitFor(80));
        }
        finally
        {
            source.Stop();
        }
    }

    [Fact]
    public void PortInUse_FailsStart()
    {
        var h = new SourceHarness();
        var first = Start(h);
        try
        {
            var second = AvroSourceBinding.Create(SourceHarness.Options(RpcSourceSpecs.Avro, ("bind", "127.0.0.1"), ("port", first.BoundPort.ToString(System.Globalization.CultureInfo.InvariantCulture))), h.Processor);
            Assert.Throws<IOException>(second.Start);
        }
        finally
        {
            first.Stop();
        }
    }

    [Fact]
    public async Task GarbageAndAbruptlyClosedClients_AreDropped_OthersServed()
    {
        var h = new SourceHarness();
        var source = Start(h);
        try
        {
            using (var garbage = new TcpClient("127.0.0.1", source.BoundPort))
            {
                var s = garbage.GetStream();
                s.Write(GoldenBytes.Hex("00000001 00000001 00000004 deadbeef"));
                var buffer = new byte[16];
                // The server closes a connection that does not speak Avro RPC (a read of 0 bytes, or a reset).
                try
                {
                    Assert.Equal(0, await s.ReadAsync(buffer).AsTask().WaitAsync(SourceHarness.Patience));
                }
                catch (IOException)
                {
                }
            }
            using (var half = new TcpClient("127.0.0.1", source.BoundPort))
            {
                half.GetStream().Write(GoldenBytes.Hex("00000001 00000001 00000100 0102"));
                half.Client.Shutdown(SocketShutdown.Both);
            }
            using var slow = new TcpClient("127.0.0.1", source.BoundPort);
            slow.GetStream().Write(GoldenBytes.Hex("00000001"));
            using var client = await Connect(source.BoundPort);
            Assert.Equal(AvroStatus.Ok, await client.AppendBatchAsync(Events(3), 0, 3, CancellationToken.None));
            Assert.Equal(3, h.WaitFor(3).Count);
        }
        finally
        {
            source.Stop();
        }
    }

    [Fact]
    public void SlowClient_TricklingABatch_IsServedAndAnsweredAfterCommit_AndStopIsBoundedWhileAnotherStalls()
    {
        var h = new SourceHarness();
        var source = Start(h);
        var stopped = false;
        try
        {
            using var w = new AvroWriter();
            NettyFrameWriter.Begin(w);
            new AvroRequestor("slow").WriteRequest(w, AvroFlumeProtocol.AppendBatchMessage, x => AvroFlumeEventCodec.WriteArray(x, Events(5), 0, 5));
            var request = NettyFrameWriter.Complete(w, 9).ToArray();
            using var slow = new TcpClient("127.0.0.1", source.BoundPort);
            var stream = slow.GetStream();
            stream.ReadTimeout = (int)SourceHarness.Patience.TotalMilliseconds;
            // A few bytes at a time with pauses: nothing may be committed or answered before the last byte.
            for (var i = 0; i < request.Length; i += 7)
            {
                stream.Write(request.AsSpan(i, Math.Min(7, request.Length - i)));
                stream.Flush();
                if (i < 70)
                {
                    Thread.Sleep(20);
                    Assert.Equal(0, h.Channel.Count);
                }
            }
            // serial 9, one buffer of 7 bytes: handshake BOTH with no protocol, hash or metadata (4 zeros), then the
            // call's empty metadata, no error, Status OK.
            var reply = new byte[19];
            stream.ReadExactly(reply);
            Assert.Equal(GoldenBytes.Hex("00000009 00000001 00000007 00000000 000000"), reply);
            Assert.Equal(5, h.Channel.Count);
            Assert.Equal(1, source.Counter.AppendBatchAcceptedCount);

            using var stalled = new TcpClient("127.0.0.1", source.BoundPort);
            stalled.GetStream().Write(request.AsSpan(0, request.Length / 2));
            SourceHarness.WaitUntil(() => source.Counter.OpenConnectionCount == 2, "two open connections");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            source.Stop();
            stopped = true;
            Assert.True(watch.Elapsed < SourceHarness.Patience, $"stop took {watch.Elapsed} with a client stalled mid-request");
            SourceHarness.WaitUntil(() => source.Counter.OpenConnectionCount == 0, "every connection to end");
            Assert.Equal(5, h.WaitFor(5).Count);
        }
        finally
        {
            if (!stopped)
            {
                source.Stop();
            }
        }
    }

    [Fact]
    public async Task IpFilter_DeniedClient_IsClosedWithoutAnswer()
    {
        var h = new SourceHarness();
        var source = Start(h, ("ipFilter", "true"), ("ipFilterRules", "deny:ip:127.*"));
        try
        {
            using var client = await Connect(source.BoundPort);
            await Assert.ThrowsAnyAsync<IOException>(() => client.AppendBatchAsync(Events(1), 0, 1, CancellationToken.None));
            Assert.Equal(0, h.Channel.Count);
        }
        finally
        {
            source.Stop();
        }
    }

    [Fact]
    public void BadTlsAndFilterSettings_FailAtBuild_NamingTheKey()
    {
        var h = new SourceHarness();
        var jks = Assert.Throws<FormatException>(() => AvroSourceBinding.Create(SourceHarness.Options(RpcSourceSpecs.Avro,
            ("bind", "127.0.0.1"), ("port", "0"), ("ssl", "true"), ("keystore", _certs.JksKeyStore), ("keystore-password", "pw")), h.Processor));
        Assert.Contains("keytool", jks.Message, StringComparison.Ordinal);
        var rules = Assert.Throws<FormatException>(() => AvroSourceBinding.Create(SourceHarness.Options(RpcSourceSpecs.Avro,
            ("bind", "127.0.0.1"), ("port", "0"), ("ipFilter", "true")), h.Processor));
        Assert.Contains("ipFilterRules", rules.Message, StringComparison.Ordinal);
    }

    [PythonAvroFact]
    public void Python3AvroRequestor_HandshakesThroughNone_AndDelivers()
    {
        var h = new SourceHarness(capacity: 10_000, transactionCapacity: 1000);
        var source = Start(h);
        try
        {
            var protocolFile = Path.Combine(_certs.Directory, "flume.avpr");
            File.WriteAllText(protocolFile, AvroFlumeProtocol.Json);
            var psi = new System.Diagnostics.ProcessStartInfo(PythonAvroFactAttribute.Python)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { Path.Combine(Support.RepoPaths.Root, "tools", "avro-ipc-check", "send.py"), protocolFile, "127.0.0.1",
                source.BoundPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "3", "50" })
            {
                psi.ArgumentList.Add(a);
            }
            using var p = System.Diagnostics.Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            var output = p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(120_000));
            Assert.True(p.ExitCode == 0, output + err.Result);
            Assert.Contains("\"statuses\": [\"OK\", \"OK\", \"OK\"], \"append\": \"OK\"", output, StringComparison.Ordinal);
            Assert.Equal(Enumerable.Range(0, 151).Select(i => $"py-{i}"), h.WaitFor(151));
            Assert.All(h.Received, e => Assert.Equal("é☃", e.Header("u")));
        }
        finally
        {
            source.Stop();
        }
    }
}
