namespace FlumeNet.Agent.AvroRpc;

/// <summary>Avro's <c>HandshakeMatch</c>: BOTH (0), CLIENT (1), NONE (2).</summary>
public enum HandshakeMatch
{
    Both = 0,
    Client = 1,
    None = 2,
}

/// <summary>Avro IPC <c>HandshakeRequest</c> (reference §1.4); meta is read and ignored, written as null as Java does.</summary>
public sealed record HandshakeRequest(byte[] ClientHash, string? ClientProtocol, byte[] ServerHash)
{
    public void Write(AvroWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteFixed(ClientHash);
        WriteNullableString(writer, ClientProtocol);
        writer.WriteFixed(ServerHash);
        writer.WriteLong(0);
    }

    public static HandshakeRequest Read(ref AvroReader reader)
    {
        var clientHash = reader.ReadFixed(16).ToArray();
        var clientProtocol = ReadNullableString(ref reader);
        var serverHash = reader.ReadFixed(16).ToArray();
        SkipNullableMeta(ref reader);
        return new HandshakeRequest(clientHash, clientProtocol, serverHash);
    }

    internal static void WriteNullableString(AvroWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteLong(0);
            return;
        }
        writer.WriteLong(1);
        writer.WriteString(value);
    }

    internal static string? ReadNullableString(ref AvroReader reader) => reader.ReadLong() switch
    {
        0 => null,
        1 => reader.ReadString(),
        var b => throw new AvroRpcProtocolException($"union branch {b} of [null, string]"),
    };

    internal static void SkipNullableMeta(ref AvroReader reader)
    {
        switch (reader.ReadLong())
        {
            case 0:
                return;
            case 1:
                reader.SkipBytesMap();
                return;
            case var b:
                throw new AvroRpcProtocolException($"union branch {b} of [null, map<bytes>]");
        }
    }
}

/// <summary>Avro IPC <c>HandshakeResponse</c> (reference §1.4).</summary>
public sealed record HandshakeResponse(HandshakeMatch Match, string? ServerProtocol, byte[]? ServerHash)
{
    public void Write(AvroWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLong((long)Match);
        HandshakeRequest.WriteNullableString(writer, ServerProtocol);
        if (ServerHash is null)
        {
            writer.WriteLong(0);
        }
        else
        {
            writer.WriteLong(1);
            writer.WriteFixed(ServerHash);
        }
        writer.WriteLong(0);
    }

    public static HandshakeResponse Read(ref AvroReader reader)
    {
        var match = reader.ReadLong() switch
        {
            0 => HandshakeMatch.Both,
            1 => HandshakeMatch.Client,
            2 => HandshakeMatch.None,
            var m => throw new AvroRpcProtocolException($"unknown HandshakeMatch index {m}"),
        };
        var serverProtocol = HandshakeRequest.ReadNullableString(ref reader);
        byte[]? serverHash = reader.ReadLong() switch
        {
            0 => null,
            1 => reader.ReadFixed(16).ToArray(),
            var b => throw new AvroRpcProtocolException($"union branch {b} of [null, MD5]"),
        };
        HandshakeRequest.SkipNullableMeta(ref reader);
        return new HandshakeResponse(match, serverProtocol, serverHash);
    }
}
