using System.Collections.Concurrent;

namespace FlumeNet.Agent.AvroRpc;

/// <summary>
/// The client half of Avro IPC for one connection (reference §1.5): sends the handshake with the first request only,
/// guessing that the server's hash is ours (or what this server answered before), and follows BOTH / CLIENT / NONE.
/// Pure byte logic; the transport calls <see cref="WriteRequest"/> then <see cref="ReadResponse"/>.
/// </summary>
public sealed class AvroRequestor
{
    // Like Java's process-wide cache keyed by remote address: what a server answered is remembered for the next connection.
    private static readonly ConcurrentDictionary<string, byte[]> ServerHashes = new(StringComparer.Ordinal);
    private readonly string _remote;
    private bool _sendProtocol;
    private bool _handshakePending;

    public AvroRequestor(string remote) => _remote = remote;

    public bool Established { get; private set; }

    /// <summary>Encodes a call's start: the handshake if the session is not established, empty metadata, the name; the parameters follow.</summary>
    public void WriteRequest(AvroWriter writer, string message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _handshakePending = !Established;
        if (_handshakePending)
        {
            var serverHash = ServerHashes.TryGetValue(_remote, out var known) ? known : AvroFlumeProtocol.Md5.ToArray();
            new HandshakeRequest(AvroFlumeProtocol.Md5.ToArray(), _sendProtocol ? AvroFlumeProtocol.Json : null, serverHash).Write(writer);
        }
        writer.WriteLong(0);
        writer.WriteString(message);
    }

    /// <summary>A whole call: <see cref="WriteRequest(AvroWriter, string)"/>, then the parameters.</summary>
    public void WriteRequest(AvroWriter writer, string message, Action<AvroWriter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        WriteRequest(writer, message);
        parameters(writer);
    }

    /// <summary>
    /// Decodes the reply to the last request. Returns null when the server answered NONE: the same call must be sent
    /// again (it now carries our protocol text).
    /// </summary>
    /// <exception cref="AvroRemoteException">The server answered with an error.</exception>
    public AvroStatus? ReadResponse(ReadOnlySpan<byte> payload)
    {
        var reader = new AvroReader(payload);
        if (_handshakePending)
        {
            _handshakePending = false;
            var handshake = HandshakeResponse.Read(ref reader);
            if (handshake.ServerHash is { Length: 16 } hash)
            {
                ServerHashes[_remote] = hash;
            }
            if (handshake.Match == HandshakeMatch.None)
            {
                if (_sendProtocol)
                {
                    throw new AvroRpcProtocolException("the server does not accept our protocol (handshake answered NONE twice)");
                }
                _sendProtocol = true;
                return null;
            }
            Established = true;
        }
        reader.SkipBytesMap();
        if (reader.ReadBoolean())
        {
            var branch = reader.ReadLong();
            var text = branch == 0 ? reader.ReadString() : $"error of union branch {branch}";
            throw new AvroRemoteException(text);
        }
        var status = reader.ReadLong();
        return status is >= 0 and <= 2 ? (AvroStatus)status : throw new AvroRpcProtocolException($"unknown Status index {status}");
    }
}

/// <summary>The server answered a call with an Avro error (its exception text).</summary>
public sealed class AvroRemoteException : IOException
{
    public AvroRemoteException()
    {
    }

    public AvroRemoteException(string message)
        : base(message)
    {
    }

    public AvroRemoteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
