using System.Text;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Tests.Kafka;

/// <summary>
/// The Kafka components' <c>useFlumeEventFormat</c> / <c>parseAsFlumeEvent</c> records are AvroRpc's AvroFlumeEvent
/// codec, one bare datum per record: what Java's KafkaSink/KafkaChannel write, and any block layout Avro allows.
/// </summary>
public sealed class KafkaEventFormatTests
{
    [Fact]
    public void Encode_OneHeader_GivesTheBytesJavaFlumeWrites()
    {
        var bytes = AvroFlumeEventCodec.Encode(new FlumeEvent("hi"u8.ToArray(), new Dictionary<string, string> { ["a"] = "b" }));
        Assert.Equal(new byte[] { 0x02, 0x02, 0x61, 0x02, 0x62, 0x00, 0x04, 0x68, 0x69 }, bytes);
    }

    [Fact]
    public void Encode_NoHeaders_IsAnEmptyMapThenTheBody()
    {
        Assert.Equal(new byte[] { 0x00, 0x02, 0x7A }, AvroFlumeEventCodec.Encode(new FlumeEvent("z"u8.ToArray())));
        Assert.Equal(new byte[] { 0x00, 0x00 }, AvroFlumeEventCodec.Encode(new FlumeEvent([], new Dictionary<string, string>())));
    }

    [Fact]
    public void Decode_AcceptsSeveralBlocksAndSizedNegativeCounts()
    {
        // Block 1: count -1 with a byte size, entry a=b; block 2: count 1, entry c=d; end; body "x".
        byte[] datum = [0x01, 0x08, 0x02, 0x61, 0x02, 0x62, 0x02, 0x02, 0x63, 0x02, 0x64, 0x00, 0x02, 0x78];
        var e = AvroFlumeEventCodec.Decode(datum);
        Assert.Equal("b", e.Headers["a"]);
        Assert.Equal("d", e.Headers["c"]);
        Assert.Equal("x", Encoding.UTF8.GetString(e.Body));
    }

    [Fact]
    public void Decode_RoundTripsUnicodeAndLargeBodies()
    {
        var body = new byte[100_000];
        new Random(7).NextBytes(body);
        var headers = new Dictionary<string, string> { ["clé"] = "välue", ["timestamp"] = "1700000000000" };
        var back = AvroFlumeEventCodec.Decode(AvroFlumeEventCodec.Encode(new FlumeEvent(body, headers)));
        Assert.Equal(headers, back.Headers);
        Assert.Equal(body, back.Body);
    }

    [Theory]
    [InlineData(new byte[] { 0x02, 0x02, 0x61 })]
    [InlineData(new byte[] { 0x00, 0x10, 0x61 })]
    [InlineData(new byte[] { 0x00, 0x02, 0x61, 0x62 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    public void Decode_GarbageIsAProtocolError(byte[] datum) =>
        Assert.Throws<AvroRpcProtocolException>(() => AvroFlumeEventCodec.Decode(datum));
}
