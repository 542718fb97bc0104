using System.Text;
using FlumeNet.Agent.Kafka;

namespace FlumeNet.Agent.Tests.Kafka;

public sealed class AvroFlumeEventCodecTests
{
    [Fact]
    public void Encode_OneHeader_GivesTheBytesJavaFlumeWrites()
    {
        var bytes = AvroFlumeEventCodec.Encode(new Dictionary<string, string> { ["a"] = "b" }, "hi"u8);
        Assert.Equal(new byte[] { 0x02, 0x02, 0x61, 0x02, 0x62, 0x00, 0x04, 0x68, 0x69 }, bytes);
    }

    [Fact]
    public void Encode_NoHeaders_IsAnEmptyMapThenTheBody()
    {
        Assert.Equal(new byte[] { 0x00, 0x02, 0x7A }, AvroFlumeEventCodec.Encode(null, "z"u8));
        Assert.Equal(new byte[] { 0x00, 0x00 }, AvroFlumeEventCodec.Encode(new Dictionary<string, string>(), []));
    }

    [Fact]
    public void Decode_AcceptsSeveralBlocksAndSizedNegativeCounts()
    {
        // Block 1: count -1 with a byte size, entry a=b; block 2: count 1, entry c=d; end; body "x".
        byte[] datum = [0x01, 0x08, 0x02, 0x61, 0x02, 0x62, 0x02, 0x02, 0x63, 0x02, 0x64, 0x00, 0x02, 0x78];
        var (headers, body) = AvroFlumeEventCodec.Decode(datum);
        Assert.Equal("b", headers!["a"]);
        Assert.Equal("d", headers["c"]);
        Assert.Equal("x", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void Decode_RoundTripsUnicodeAndLargeBodies()
    {
        var body = new byte[100_000];
        new Random(7).NextBytes(body);
        var headers = new Dictionary<string, string> { ["clé"] = "välue", ["timestamp"] = "1700000000000" };
        var (h, b) = AvroFlumeEventCodec.Decode(AvroFlumeEventCodec.Encode(headers, body));
        Assert.Equal(headers, h);
        Assert.Equal(body, b);
    }

    [Theory]
    [InlineData(new byte[] { 0x02, 0x02, 0x61 })]
    [InlineData(new byte[] { 0x00, 0x10, 0x61 })]
    [InlineData(new byte[] { 0x00, 0x02, 0x61, 0x62 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    public void Decode_GarbageIsAFormatError(byte[] datum) =>
        Assert.Throws<FormatException>(() => AvroFlumeEventCodec.Decode(datum));
}
