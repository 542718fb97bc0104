using System.Globalization;
using System.Text;
using System.Text.Json;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Sources.Thrift;
using FlumeNet.Agent.Tests.Support;
using FlumeNet.Agent.ThriftRpc;

namespace FlumeNet.Agent.Tests.Sources.Thrift;

public sealed class ThriftSourceTests
{
    private const string NpmFolder = "tools/thrift-check";

    private static ThriftSource Start(SourceHarness h, params (string Key, string Value)[] extra)
    {
        var source = ThriftSourceBinding.Create(SourceHarness.Options(RpcSourceSpecs.Thrift, [("bind", "127.0.0.1"), ("port", "0"), .. extra]), h.Processor);
        source.Start();
        return source;
    }

    [NodeFact(NpmFolder)]
    public void NpmThriftClient_Compact_BatchesArriveWithHeaders() => NpmClientDelivers("compact", []);

    [NodeFact(NpmFolder)]
    public void NpmThriftClient_Binary_BatchesArriveWithHeaders() => NpmClientDelivers("binary", [("protocol", "binary")]);

    private static void NpmClientDelivers(string protocol, (string, string)[] options)
    {
        var h = new SourceHarness(capacity: 10_000, transactionCapacity: 1000);
        var source = Start(h, options);
        try
        {
            var (code, output) = NodeFactAttribute.Run(NpmFolder, "send.js", source.BoundPort.ToString(CultureInfo.InvariantCulture), protocol, "5", "100");
            Assert.True(code == 0, output);
            var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
            Assert.All(result.GetProperty("statuses").EnumerateArray(), s => Assert.Equal((int)ThriftStatus.Ok, s.GetInt32()));
            Assert.Equal((int)ThriftStatus.Ok, result.GetProperty("append").GetInt32());
            var texts = h.WaitFor(501);
            Assert.Equal(Enumerable.Range(0, 501).Select(i => $"thrift-{i}"), texts);
            Assert.All(h.Received, e => Assert.Equal("é☃", e.Header("u")));
            Assert.Equal(5, source.Counter.AppendBatchAcceptedCount);
            Assert.Equal(1, source.Counter.AppendAcceptedCount);
            Assert.Equal(501, source.Counter.EventAcceptedCount);
        }
        finally
        {
            source.Stop();
        }
    }

    [NodeFact(NpmFolder)]
    public void NpmThriftClient_FullChannel_GetsFailed()
    {
        var h = new SourceHarness(capacity: 150, transactionCapacity: 100);
        var source = Start(h);
        try
        {
            var (code, output) = NodeFactAttribute.Run(NpmFolder, "send.js", source.BoundPort.ToString(CultureInfo.InvariantCulture), "compact", "2", "100");
            Assert.True(code == 0, output);
            var statuses = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.GetProperty("statuses").EnumerateArray().Select(s => s.GetInt32()).ToList();
            Assert.Equal([(int)ThriftStatus.Ok, (int)ThriftStatus.Failed], statuses);
            Assert.Equal(1, source.Counter.ChannelWriteFail);
        }
        finally
        {
            source.Stop();
        }
    }

    [Fact]
    public async Task ProtocolIsCaseSensitive_AsInFlume_OnlyExactBinaryIsBinary()
    {
        var h = new SourceHarness();
        var upper = ThriftSourceBinding.Create(SourceHarness.Options(RpcSourceSpecs.Thrift, ("bind", "127.0.0.1"), ("port", "0"), ("protocol", "BINARY")), h.Processor);
        upper.Start();
        try
        {
            using var compact = await ThriftRpcClient.ConnectAsync("127.0.0.1", upper.BoundPort, binary: false, null, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20), default);
            Assert.Equal(ThriftStatus.Ok, await compact.AppendBatchAsync([new FlumeEvent("x"u8.ToArray())], 0, 1, default));
        }
        finally
        {
            upper.Stop();
        }
    }

    [Fact]
    public void PortInUse_FailsStart()
    {
        var h = new SourceHarness();
        var first = Start(h);
        try
        {
            var second = ThriftSourceBinding.Create(SourceHarness.Options(RpcSourceSpecs.Thrift, ("bind", "127.0.0.1"), ("port", first.BoundPort.ToString(CultureInfo.InvariantCulture))), h.Processor);
            Assert.Throws<IOException>(second.Start);
        }
        finally
        {
            first.Stop();
        }
    }

    [Fact]
    public async Task GarbageClient_IsDropped_OthersServed()
    {
        var h = new SourceHarness();
        var source = Start(h);
        try
        {
            using (var garbage = new System.Net.Sockets.TcpClient("127.0.0.1", source.BoundPort))
            {
                garbage.GetStream().Write("\0\0\0\u0005hello"u8);
            }
            using var client = await ThriftRpcClient.ConnectAsync("127.0.0.1", source.BoundPort, false, null, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20), default);
            Assert.Equal(ThriftStatus.Ok, await client.AppendBatchAsync([new FlumeEvent(Encoding.UTF8.GetBytes("ok"))], 0, 1, default));
            Assert.Equal(["ok"], h.WaitFor(1));
        }
        finally
        {
            source.Stop();
        }
    }
}
