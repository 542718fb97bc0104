using FlumeNet.Agent.AvroRpc;
using static FlumeNet.Agent.Tests.AvroRpc.GoldenBytes;

namespace FlumeNet.Agent.Tests.AvroRpc;

public sealed class NettyFrameReaderTests
{
    /// <summary>A stream that hands out at most one byte per read, like a slow client.</summary>
    private sealed class Trickle(byte[] data) : MemoryStream(data)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(1, buffer.Length)]);
    }

    [Fact]
    public void ConcatenatesBuffers_IncludingEmptyOnes_AndEchoesTheSerial()
    {
        // serial 7, 3 buffers: "ab", "", "c"
        var bytes = Hex("00000007 00000003 00000002 6162 00000000 00000001 63");
        using var reader = new NettyFrameReader(new Trickle(bytes));
        var frame = reader.Read();
        Assert.NotNull(frame);
        Assert.Equal(7, frame.Value.Serial);
        Assert.Equal("abc"u8.ToArray(), frame.Value.Payload.ToArray());
        Assert.Null(reader.Read());
    }

    [Fact]
    public void ReadsBackToBackFrames()
    {
        var bytes = Hex("00000001 00000001 00000001 41 00000002 00000002 00000001 42 00000001 43");
        using var reader = new NettyFrameReader(new MemoryStream(bytes));
        Assert.Equal("A"u8.ToArray(), reader.Read()!.Value.Payload.ToArray());
        var second = reader.Read()!.Value;
        Assert.Equal(2, second.Serial);
        Assert.Equal("BC"u8.ToArray(), second.Payload.ToArray());
    }

    [Fact]
    public void EndInsideAFrame_Throws()
    {
        using var reader = new NettyFrameReader(new MemoryStream(Hex("00000001 00000001 00000005 4142")));
        Assert.Throws<EndOfStreamException>(() => reader.Read());
    }

    [Theory]
    [InlineData("00000001 ffffffff")]
    [InlineData("00000001 00000001 ffffffff")]
    [InlineData("00000001 7fffffff")]
    public void HostileCountsOrLengths_Throw(string hex)
    {
        using var reader = new NettyFrameReader(new MemoryStream(Hex(hex + " 00000000")), maxPayload: 1 << 20);
        Assert.Throws<AvroRpcProtocolException>(() => reader.Read());
    }

    [Fact]
    public void LargePayload_SpanningManyReads_IsIntact()
    {
        var payload = new byte[300_000];
        new Random(3).NextBytes(payload);
        using var w = new AvroWriter();
        NettyFrameWriter.Begin(w);
        w.WriteFixed(payload);
        var frame = NettyFrameWriter.Complete(w, 42).ToArray();
        using var reader = new NettyFrameReader(new MemoryStream(frame));
        var read = reader.Read()!.Value;
        Assert.Equal(42, read.Serial);
        Assert.Equal(payload, read.Payload.ToArray());
    }
}
