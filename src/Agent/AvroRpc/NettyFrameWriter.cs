using System.Buffers.Binary;

namespace FlumeNet.Agent.AvroRpc;

/// <summary>
/// Builds one Netty pack in an <see cref="AvroWriter"/>: <see cref="Begin"/> reserves the 12-byte header (serial,
/// count 1, length), the caller encodes the payload after it, <see cref="Complete"/> fills the header in. So a message
/// is one buffer and one socket write.
/// </summary>
public static class NettyFrameWriter
{
    public const int HeaderSize = 12;

    public static void Begin(AvroWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Reset();
        writer.Reserve(HeaderSize);
    }

    public static ReadOnlyMemory<byte> Complete(AvroWriter writer, int serial)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var header = writer.At(0, HeaderSize);
        BinaryPrimitives.WriteInt32BigEndian(header, serial);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], 1);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], writer.Length - HeaderSize);
        return writer.WrittenMemory;
    }
}
