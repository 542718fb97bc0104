using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using FlumeNet.KafkaEmulator.Tests.Infrastructure;
using FlumeNet.Tools.KafkaEmulator.Protocol;
using FlumeNet.Tools.KafkaEmulator.Storage;

namespace FlumeNet.KafkaEmulator.Tests.Protocol;

public sealed class WireTests
{
    [Fact]
    public void Crc32C_MatchesTheCheckValue() =>
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));

    [Fact]
    public void RecordBatch_WithWrongCrc_IsRejected()
    {
        var batch = new byte[RecordBatch.HeaderSize];
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(8), RecordBatch.HeaderSize - 12);
        batch[16] = 2;
        BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(17), Crc32C.Compute(batch.AsSpan(21)));
        Assert.Single(RecordBatch.Split(batch));
        batch[40] ^= 1;
        Assert.Throws<ProtocolException>(() => RecordBatch.Split(batch));
    }

    [Fact]
    public void RecordBatch_OfAnOldMagic_IsUnsupported()
    {
        var batch = new byte[RecordBatch.HeaderSize];
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(8), RecordBatch.HeaderSize - 12);
        batch[16] = 1;
        Assert.Throws<UnsupportedMagicException>(() => RecordBatch.Split(batch));
    }

    [Fact]
    public async Task ApiVersionsV3_IsAnsweredInTheV0LayoutWithUnsupportedVersion()
    {
        await using var emulator = await EmulatorHost.Start();
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", int.Parse(emulator.Bootstrap.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
        var stream = client.GetStream();
        // size, api key 18, version 3, correlation 7, client id "t", empty tagged fields, then a compact body.
        byte[] request = [0, 0, 0, 0, 0, 18, 0, 3, 0, 0, 0, 7, 0, 1, (byte)'t', 0, 1, 1, 0];
        BinaryPrimitives.WriteInt32BigEndian(request, request.Length - 4);
        await stream.WriteAsync(request);
        var size = new byte[4];
        await stream.ReadExactlyAsync(size);
        var body = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
        await stream.ReadExactlyAsync(body);
        Assert.Equal(7, BinaryPrimitives.ReadInt32BigEndian(body));
        Assert.Equal(ErrorCode.UnsupportedVersion, BinaryPrimitives.ReadInt16BigEndian(body.AsSpan(4)));
        var count = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(6));
        Assert.Equal(ApiKey.Supported.Count, count);
        Assert.Equal(10 + count * 6, body.Length);
    }

    [Fact]
    public void PartitionLog_ReadsFromTheBatchHoldingTheOffset()
    {
        var log = new PartitionLog("t", 0);
        log.Append([Batch(3), Batch(2)]);
        Assert.Equal(5, log.HighWatermark);
        Assert.Equal(2, log.Read(0, int.MaxValue).Count);
        var fromFour = log.Read(4, int.MaxValue);
        Assert.Single(fromFour);
        Assert.Equal(3, fromFour[0].BaseOffset);
        Assert.Single(log.Read(0, 1));
    }

    private static RecordBatch Batch(int records)
    {
        var batch = new byte[RecordBatch.HeaderSize];
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(8), RecordBatch.HeaderSize - 12);
        batch[16] = 2;
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(23), records - 1);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(57), records);
        BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(17), Crc32C.Compute(batch.AsSpan(21)));
        return RecordBatch.Split(batch)[0];
    }
}
