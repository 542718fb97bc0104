using CsCheck;
using FlumeNet.Agent.Hdfs.Formats;

namespace FlumeNet.Agent.Tests.Hdfs.Formats;

public sealed class WritableEncodingTests
{
    // Vectors from reference §4.1 (WritableUtils.writeVLong).
    [Theory]
    [InlineData(0L, "00")]
    [InlineData(1L, "01")]
    [InlineData(127L, "7f")]
    [InlineData(128L, "8f 80")]
    [InlineData(255L, "8f ff")]
    [InlineData(256L, "8e 01 00")]
    [InlineData(300L, "8e 01 2c")]
    [InlineData(65536L, "8d 01 00 00")]
    [InlineData(2147483647L, "8c 7f ff ff ff")]
    [InlineData(-1L, "ff")]
    [InlineData(-112L, "90")]
    [InlineData(-113L, "87 70")]
    [InlineData(-128L, "87 7f")]
    [InlineData(-257L, "86 01 00")]
    [InlineData(long.MaxValue, "88 7f ff ff ff ff ff ff ff")]
    [InlineData(long.MinValue, "80 7f ff ff ff ff ff ff ff")]
    public void WriteVLong_MatchesHadoopBytes(long value, string hex)
    {
        var expected = Events.Hex(hex);
        Span<byte> buffer = stackalloc byte[WritableEncoding.MaxVLongSize];
        var written = WritableEncoding.WriteVLong(buffer, value);
        Assert.Equal(expected, buffer[..written].ToArray());
        Assert.Equal(expected.Length, WritableEncoding.GetVLongSize(value));

        using var stream = new MemoryStream();
        WritableEncoding.WriteVLong(stream, value);
        Assert.Equal(expected, stream.ToArray());
    }

    [Fact]
    public void WriteVLong_RoundTripsThroughIndependentDecoder()
    {
        Gen.Long.Sample(value =>
        {
            var buffer = new byte[WritableEncoding.MaxVLongSize];
            var written = WritableEncoding.WriteVLong(buffer, value);
            var pos = 0;
            return SequenceFileReader.ReadVLong(buffer, ref pos) == value && pos == written && written == WritableEncoding.GetVLongSize(value);
        });
    }

    [Fact]
    public void WriteString_IsTextWriteString()
    {
        using var stream = new MemoryStream();
        WritableEncoding.WriteString(stream, "org.apache.hadoop.io.LongWritable");
        var bytes = stream.ToArray();
        Assert.Equal(34, bytes.Length);
        Assert.Equal(0x21, bytes[0]);
        Assert.Equal("org.apache.hadoop.io.LongWritable"u8.ToArray(), bytes[1..]);
    }

    [Fact]
    public void WriteInts_AreBigEndian()
    {
        using var stream = new MemoryStream();
        WritableEncoding.WriteInt32(stream, -1);
        WritableEncoding.WriteInt32(stream, 17);
        WritableEncoding.WriteInt64(stream, 1340459193234);
        WritableEncoding.WriteBoolean(stream, true);
        Assert.Equal(Events.Hex("ffffffff 00000011 0000013819981392 01"), stream.ToArray());
    }
}
