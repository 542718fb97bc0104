using System.Globalization;
using System.Text;
using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Sinks.Thrift;
using FlumeNet.Agent.Sources.Thrift;
using FlumeNet.Agent.Tests.AvroRpc;
using FlumeNet.Agent.Tests.Sources;

namespace FlumeNet.Agent.Tests.Sinks.Thrift;

/// <summary>FlumeNet's thrift sink → FlumeNet's thrift source, both protocols, with TLS.</summary>
public sealed class ThriftSinkTests
{
    private static MemoryChannel Filled(int count)
    {
        var channel = new MemoryChannel("c1", new MemoryChannelOptions(10_000, 1000, TimeSpan.FromMilliseconds(10)));
        using var tx = channel.BeginTransaction();
        for (var i = 0; i < count; i++)
        {
            tx.Put(new FlumeEvent(Encoding.UTF8.GetBytes($"e{i}"), new Dictionary<string, string> { ["n"] = i.ToString(CultureInfo.InvariantCulture) }));
        }
        tx.Commit();
        return channel;
    }

    public static TheoryData<string, bool> Modes => new() { { "compact", false }, { "binary", false }, { "compact", true } };

    [Theory]
    [MemberData(nameof(Modes))]
    public void RoundTrip_EveryEventOnce_HeadersKept(string protocol, bool ssl)
    {
        using var certs = new TestCertificates();
        var h = new SourceHarness(capacity: 10_000, transactionCapacity: 1000);
        (string, string)[] tls = ssl ? [("ssl", "true"), ("keystore", certs.KeyStore), ("keystore-password", certs.Password), ("keystore-type", "PKCS12")] : [];
        var source = ThriftSourceBinding.Create(SourceHarness.Options(RpcSourceSpecs.Thrift, [("bind", "127.0.0.1"), ("port", "0"), ("protocol", protocol), .. tls]), h.Processor);
        source.Start();
        var channel = Filled(250);
        (string, string)[] clientTls = ssl ? [("ssl", "true"), ("truststore", certs.TrustStore)] : [];
        var sink = ThriftSinkBinding.Create(SourceHarness.Options(SinkSpecs.Thrift,
            [("hostname", "127.0.0.1"), ("port", source.BoundPort.ToString(CultureInfo.InvariantCulture)), ("batch-size", "100"), ("protocol", protocol), .. clientTls]), channel);
        sink.Start();
        try
        {
            while (sink.Process() == ProcessStatus.Ready)
            {
            }
            Assert.Equal(Enumerable.Range(0, 250).Select(i => $"e{i}"), h.WaitFor(250));
            Assert.Equal(Enumerable.Range(0, 250).Select(i => i.ToString(CultureInfo.InvariantCulture)), h.Received.Select(e => e.Header("n")!));
            Assert.Equal(0, channel.Count);
        }
        finally
        {
            sink.Stop();
            source.Stop();
        }
    }

    [Fact]
    public void FullChannelAtTheSource_RollsBackTheSink()
    {
        var h = new SourceHarness(capacity: 50, transactionCapacity: 100);
        var source = ThriftSourceBinding.Create(SourceHarness.Options(RpcSourceSpecs.Thrift, ("bind", "127.0.0.1"), ("port", "0")), h.Processor);
        source.Start();
        var channel = Filled(100);
        var sink = ThriftSinkBinding.Create(SourceHarness.Options(SinkSpecs.Thrift,
            ("hostname", "127.0.0.1"), ("port", source.BoundPort.ToString(CultureInfo.InvariantCulture)), ("batch-size", "100")), channel);
        sink.Start();
        try
        {
            var ex = Assert.Throws<EventDeliveryException>(() => sink.Process());
            Assert.Contains("FAILED", ex.Message, StringComparison.Ordinal);
            Assert.Equal(100, channel.Count);
        }
        finally
        {
            sink.Stop();
            source.Stop();
        }
    }
}
