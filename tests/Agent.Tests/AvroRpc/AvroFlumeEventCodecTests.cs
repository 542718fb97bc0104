using System.Text;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Core;
using static FlumeNet.Agent.Tests.AvroRpc.GoldenBytes;

namespace FlumeNet.Agent.Tests.AvroRpc;

public sealed class AvroFlumeEventCodecTests
{
    [Fact]
    public void Encode_MatchesJavaAvroBytes()
    {
        var e = new FlumeEvent("hi"u8.ToArray(), new Dictionary<string, string> { ["a"] = "b" });
        Assert.Equal(Hex(EventAbHi), AvroFlumeEventCodec.Encode(e));
        Assert.Equal(Hex("00 00"), AvroFlumeEventCodec.Encode(new FlumeEvent([])));
    }

    [Fact]
    public void Decode_ReadsJavaBytes()
    {
        var e = AvroFlumeEventCodec.Decode(Hex(EventAbHi));
        Assert.Equal("b", e.Header("a"));
        Assert.Equal("hi", Encoding.UTF8.GetString(e.Body));
        Assert.False(AvroFlumeEventCodec.Decode(Hex("00 00")).HasHeaders);
    }

    [Fact]
    public void Decode_AcceptsSeveralBlocksAndNegativeBlockCounts()
    {
        // Two map blocks: one of 1 entry, one written with a negative count (-1 = 01) followed by its byte size (4 bytes → 08).
        var bytes = Hex("02 02 61 02 62 01 08 02 63 02 64 00 00");
        var e = AvroFlumeEventCodec.Decode(bytes);
        Assert.Equal("b", e.Header("a"));
        Assert.Equal("d", e.Header("c"));
    }

    [Fact]
    public void RoundTrip_KeepsUnicodeHeadersAndBinaryBodies()
    {
        var body = new byte[1000];
        new Random(7).NextBytes(body);
        var e = new FlumeEvent(body, new Dictionary<string, string> { ["héader"] = "välue ☃", ["empty"] = "" });
        var back = AvroFlumeEventCodec.Decode(AvroFlumeEventCodec.Encode(e));
        Assert.Equal(body, back.Body);
        Assert.Equal(e.Headers, back.Headers);
    }

    [Fact]
    public void Decode_Truncated_Throws()
    {
        Assert.Throws<AvroRpcProtocolException>(() => AvroFlumeEventCodec.Decode(Hex("02 02 61")));
        Assert.Throws<AvroRpcProtocolException>(() => AvroFlumeEventCodec.Decode(Hex("00 7f")));
    }
}
