using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Net;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Sinks.Avro;
using FlumeNet.Agent.Tests.Sources;

namespace FlumeNet.Agent.Tests.Sinks.Avro;

public sealed class AvroSinkTests
{
    /// <summary>An Avro RPC server whose answer the test decides.</summary>
    private sealed class Peer : IAvroFlumeHandler, IDisposable
    {
        private readonly AvroRpcServer _server;

        public Peer()
        {
            _server = new AvroRpcServer("peer", new AvroRpcServerOptions(IPAddress.Loopback, 0), this);
            _server.Start();
        }

        public int Port => _server.BoundPort;

        public volatile AvroStatus Answer = AvroStatus.Ok;

        public ConcurrentQueue<string> Got { get; } = new();

        public AvroStatus Append(FlumeEvent e) => AppendBatch([e]);

        public AvroStatus AppendBatch(List<FlumeEvent> events)
        {
            if (Answer == AvroStatus.Ok)
            {
                foreach (var e in events)
                {
                    Got.Enqueue(Encoding.UTF8.GetString(e.Body));
                }
            }
            return Answer;
        }

        public void Dispose() => _server.Dispose();
    }

    private static MemoryChannel Filled(int count)
    {
        var channel = new MemoryChannel("c1", new MemoryChannelOptions(10_000, 1000, TimeSpan.FromMilliseconds(10)));
        using var tx = channel.BeginTransaction();
        for (var i = 0; i < count; i++)
        {
            tx.Put(new FlumeEvent(Encoding.UTF8.GetBytes($"e{i}")));
        }
        tx.Commit();
        return channel;
    }

    private static ISink Sink(MemoryChannel channel, int port, params (string Key, string Value)[] extra) =>
        AvroSinkBinding.Create(SourceHarness.Options(SinkSpecs.Avro,
            [("hostname", "127.0.0.1"), ("port", port.ToString(CultureInfo.InvariantCulture)), ("batch-size", "10"), .. extra]), channel);

    private static void DrainAll(ISink sink)
    {
        var deadline = DateTime.UtcNow + SourceHarness.Patience;
        while (sink.Process() == ProcessStatus.Ready)
        {
            Assert.True(DateTime.UtcNow < deadline);
        }
    }

    [Fact]
    public void DeliversInBatches_CommitsAfterOk_AndCounts()
    {
        using var peer = new Peer();
        var channel = Filled(25);
        var sink = Sink(channel, peer.Port);
        sink.Start();
        try
        {
            DrainAll(sink);
            Assert.Equal(Enumerable.Range(0, 25).Select(i => $"e{i}"), peer.Got);
            Assert.Equal(0, channel.Count);
            var counter = ((FlumeNet.Agent.Monitoring.IMeteredSink)sink).Counter;
            Assert.Equal(25, counter.EventDrainSuccessCount);
            Assert.Equal(2, counter.BatchCompleteCount);
            Assert.Equal(1, counter.BatchUnderflowCount);
            Assert.Equal(1, counter.ConnectionCreatedCount);
        }
        finally
        {
            sink.Stop();
        }
    }

    [Fact]
    public void FailedReply_RollsBack_ThenTheSameEventsAreDeliveredOnce()
    {
        using var peer = new Peer { Answer = AvroStatus.Failed };
        var channel = Filled(10);
        var sink = Sink(channel, peer.Port);
        sink.Start();
        try
        {
            Assert.Throws<EventDeliveryException>(() => sink.Process());
            Assert.Equal(10, channel.Count);
            peer.Answer = AvroStatus.Ok;
            DrainAll(sink);
            Assert.Equal(Enumerable.Range(0, 10).Select(i => $"e{i}"), peer.Got);
            var counter = ((FlumeNet.Agent.Monitoring.IMeteredSink)sink).Counter;
            Assert.Equal(1, counter.EventWriteFail);
            Assert.Equal(2, counter.ConnectionCreatedCount);
        }
        finally
        {
            sink.Stop();
        }
    }

    [Fact]
    public void UnreachableAtStart_DoesNotFailStart_AndDeliveryRetriesLater()
    {
        var port = Support.AgentProcess.FreePort();
        var channel = Filled(5);
        var sink = Sink(channel, port, ("connect-timeout", "5000"));
        sink.Start();
        try
        {
            Assert.Throws<EventDeliveryException>(() => sink.Process());
            Assert.Equal(5, channel.Count);
        }
        finally
        {
            sink.Stop();
        }
    }

    [Fact]
    public void Failover_MovesToTheNextHost()
    {
        using var live = new Peer();
        var dead = Support.AgentProcess.FreePort();
        var channel = Filled(20);
        var sink = Sink(channel, dead, ("client.type", "default_failover"), ("hosts", "a b"),
            ("hosts.a", $"127.0.0.1:{dead}"), ("hosts.b", $"127.0.0.1:{live.Port}"));
        sink.Start();
        try
        {
            DrainAll(sink);
            Assert.Equal(20, live.Got.Count);
        }
        finally
        {
            sink.Stop();
        }
    }

    [Fact]
    public void LoadBalance_RoundRobin_SpreadsBatches_AndSkipsAFailingHost()
    {
        using var one = new Peer();
        using var two = new Peer();
        var channel = Filled(40);
        var sink = Sink(channel, one.Port, ("client.type", "default_loadbalance"), ("hosts", "h1 h2"),
            ("hosts.h1", $"127.0.0.1:{one.Port}"), ("hosts.h2", $"127.0.0.1:{two.Port}"), ("backoff", "true"));
        sink.Start();
        try
        {
            Assert.Equal(ProcessStatus.Ready, sink.Process());
            Assert.Equal(ProcessStatus.Ready, sink.Process());
            Assert.Equal(10, one.Got.Count);
            Assert.Equal(10, two.Got.Count);
            two.Answer = AvroStatus.Failed;
            DrainAll(sink);
            Assert.Equal(30, one.Got.Count);
            Assert.Equal(10, two.Got.Count);
        }
        finally
        {
            sink.Stop();
        }
    }

    [Fact]
    public void DeflateAndTls_ToAnAvroServer()
    {
        using var certs = new FlumeNet.Agent.Tests.AvroRpc.TestCertificates();
        var got = new ConcurrentQueue<string>();
        using var server = new AvroRpcServer("tls", new AvroRpcServerOptions(IPAddress.Loopback, 0)
        {
            Deflate = true,
            Tls = new TlsServerSettings(TlsStores.LoadKeyStore(certs.KeyStore, certs.Password), System.Security.Authentication.SslProtocols.None, null),
        }, new Collect(got));
        server.Start();
        var channel = Filled(30);
        var sink = Sink(channel, server.BoundPort, ("compression-type", "deflate"), ("compression-level", "9"), ("ssl", "true"), ("truststore", certs.TrustStore));
        sink.Start();
        try
        {
            DrainAll(sink);
            Assert.Equal(Enumerable.Range(0, 30).Select(i => $"e{i}"), got);
        }
        finally
        {
            sink.Stop();
        }
    }

    [Fact]
    public void UntrustedServerCertificate_IsRefused_UnlessTrustAllCerts()
    {
        using var certs = new FlumeNet.Agent.Tests.AvroRpc.TestCertificates();
        var got = new ConcurrentQueue<string>();
        using var server = new AvroRpcServer("tls", new AvroRpcServerOptions(IPAddress.Loopback, 0)
        {
            Tls = new TlsServerSettings(TlsStores.LoadKeyStore(certs.PemKeyStore, null), System.Security.Authentication.SslProtocols.None, null),
        }, new Collect(got));
        server.Start();
        var channel = Filled(5);
        var strict = Sink(channel, server.BoundPort, ("ssl", "true"));
        strict.Start();
        Assert.Throws<EventDeliveryException>(() => strict.Process());
        strict.Stop();
        var trusting = Sink(channel, server.BoundPort, ("ssl", "true"), ("trust-all-certs", "true"));
        trusting.Start();
        DrainAll(trusting);
        trusting.Stop();
        Assert.Equal(5, got.Count);
    }

    /// <summary>A server that accepts a call and never answers it.</summary>
    private sealed class Hang : IAvroFlumeHandler, IDisposable
    {
        private readonly ManualResetEventSlim _release = new();

        public AvroStatus Append(FlumeEvent e) => AppendBatch([e]);

        public AvroStatus AppendBatch(List<FlumeEvent> events)
        {
            _release.Wait(TimeSpan.FromSeconds(60));
            return AvroStatus.Ok;
        }

        public void Release() => _release.Set();

        public void Dispose() => _release.Dispose();
    }

    [Fact]
    public void Stop_IsBounded_WhileThePeerNeverAnswers_AndTheBatchStaysInTheChannel()
    {
        using var hang = new Hang();
        using var server = new AvroRpcServer("hang", new AvroRpcServerOptions(IPAddress.Loopback, 0), hang);
        server.Start();
        var channel = Filled(10);
        var sink = Sink(channel, server.BoundPort);
        sink.Start();
        Exception? failure = null;
        var runner = new Thread(() =>
        {
            try
            {
                sink.Process();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        runner.Start();
        SourceHarness.WaitUntil(() => channel.Count == 0, "the sink to take the batch");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        sink.Stop();
        Assert.True(runner.Join(SourceHarness.Patience), "Process did not return after Stop");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"stop took {watch.Elapsed}");
        hang.Release();
        Assert.IsType<EventDeliveryException>(failure);
        Assert.Equal(10, channel.Count);
    }

    [Fact]
    public void ResetConnectionInterval_RebuildsTheClient()
    {
        using var peer = new Peer();
        var channel = Filled(30);
        var sink = Sink(channel, peer.Port, ("reset-connection-interval", "1"));
        sink.Start();
        try
        {
            Assert.Equal(ProcessStatus.Ready, sink.Process());
            Thread.Sleep(1100);
            Assert.Equal(ProcessStatus.Ready, sink.Process());
            var counter = ((FlumeNet.Agent.Monitoring.IMeteredSink)sink).Counter;
            Assert.Equal(2, counter.ConnectionCreatedCount);
            Assert.Equal(1, counter.ConnectionClosedCount);
            Assert.Equal(20, peer.Got.Count);
        }
        finally
        {
            sink.Stop();
        }
    }

    private sealed class Collect(ConcurrentQueue<string> got) : IAvroFlumeHandler
    {
        public AvroStatus Append(FlumeEvent e) => AppendBatch([e]);

        public AvroStatus AppendBatch(List<FlumeEvent> events)
        {
            foreach (var e in events)
            {
                got.Enqueue(Encoding.UTF8.GetString(e.Body));
            }
            return AvroStatus.Ok;
        }
    }
}
