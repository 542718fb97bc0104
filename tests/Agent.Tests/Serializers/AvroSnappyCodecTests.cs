using System.Text;
using FlumeNet.Agent.Serializers;

namespace FlumeNet.Agent.Tests.Serializers;

/// <summary>The Snappy block codec for Avro files: decodes what Google's Snappy writes, round-trips, checks the CRC.</summary>
public sealed class AvroSnappyCodecTests
{
    private static byte[] SampleData() =>
        [.. Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("Flume event body, Flume event body, Flume event body! ", 3))), .. Enumerable.Range(0, 40).Select(i => (byte)i)];

    [Fact]
    public void Uncompress_ReadsGoogleSnappyOutput()
    {
        // python3-snappy 0.5.3 (libsnappy): snappy.compress(SampleData()).
        var compressed = Convert.FromHexString(
            "ca0144466c756d65206576656e7420626f64792c2086120000218a2400464800de36009c000102030405060708090a0b0c0d0e0f" +
            "101112131415161718191a1b1c1d1e1f2021222324252627");
        Assert.Equal(SampleData(), AvroSnappyCodec.Uncompress(compressed));
    }

    [Fact]
    public void AvroBlock_EndsWithTheBigEndianCrc32OfTheData()
    {
        var block = new AvroSnappyCodec().Compress(SampleData());
        // zlib.crc32(SampleData()) == 0x2555e390
        Assert.Equal(new byte[] { 0x25, 0x55, 0xE3, 0x90 }, block[^4..]);
        Assert.Equal(SampleData(), AvroSnappyCodec.Uncompress(block.AsSpan(0, block.Length - 4)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(59)]
    [InlineData(61)]
    [InlineData(300)]
    [InlineData(70_000)]
    [InlineData(200_000)]
    public void RoundTrips_RandomAndRepetitiveData(int length)
    {
        var codec = new AvroSnappyCodec();
        var random = new byte[length];
        new Random(length).NextBytes(random);
        var repetitive = new byte[length];
        for (var i = 0; i < length; i++)
        {
            repetitive[i] = (byte)"abcabcabdabcabcxyz"[i % 18];
        }
        foreach (var data in new[] { random, repetitive })
        {
            var block = codec.Compress(data);
            Assert.Equal(data, codec.Decompress(block, block.Length));
        }
    }

    [Fact]
    public void StreamCompress_ReplacesWhatTheOutputStreamHeld()
    {
        var codec = new AvroSnappyCodec();
        using var input = new MemoryStream();
        input.Write(SampleData());
        using var output = new MemoryStream();
        output.Write("stale bytes from the previous block"u8);
        codec.Compress(input, output);
        var block = output.ToArray();
        Assert.Equal(SampleData(), codec.Decompress(block, block.Length));
    }

    [Fact]
    public void CorruptBlock_FailsItsCrcCheck()
    {
        var codec = new AvroSnappyCodec();
        var block = codec.Compress(SampleData());
        block[^1] ^= 1;
        Assert.Throws<InvalidDataException>(() => codec.Decompress(block, block.Length));
    }

    [Fact]
    public void TruncatedData_IsRejected()
    {
        var block = new AvroSnappyCodec().Compress(SampleData());
        Assert.Throws<InvalidDataException>(() => AvroSnappyCodec.Uncompress(block.AsSpan(0, block.Length / 2)));
    }
}
