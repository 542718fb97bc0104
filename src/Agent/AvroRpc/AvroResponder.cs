using System.Collections.Concurrent;
using Avro;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Net;

namespace FlumeNet.Agent.AvroRpc;

/// <summary>
/// The server half of Avro IPC for <c>AvroSourceProtocol</c> (reference §1.4, §1.5): answers the handshake, decodes
/// <c>append</c>/<c>appendBatch</c>, calls the handler and encodes the Status or error reply. Pure byte logic, shared by
/// every connection of one server (it holds the cache of client protocols it has seen).
/// </summary>
public sealed class AvroResponder
{
    private static readonly Lazy<Protocol> Own = new(() => Protocol.Parse(AvroFlumeProtocol.Json));
    private readonly ConcurrentDictionary<string, bool> _clientProtocols = new(StringComparer.Ordinal);
    private readonly byte[] _ownHash = AvroFlumeProtocol.Md5.ToArray();

    public AvroResponder() => _clientProtocols[Convert.ToHexString(_ownHash)] = true;

    /// <summary>
    /// Answers one request payload into <paramref name="response"/> (after whatever it already holds, e.g. a frame
    /// header). A malformed handshake or parameters throw <see cref="AvroRpcProtocolException"/>: the caller closes
    /// the connection, as nothing sensible can be answered.
    /// </summary>
    public void Respond(AvroServerSession session, ReadOnlySpan<byte> request, AvroWriter response, IAvroFlumeHandler handler, List<FlumeEvent> scratch)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(scratch);
        var reader = new AvroReader(request);
        if (!session.Established)
        {
            var handshake = HandshakeRequest.Read(ref reader);
            var match = Handshake(handshake);
            new HandshakeResponse(match, match == HandshakeMatch.Both ? null : AvroFlumeProtocol.Json, match == HandshakeMatch.Both ? null : _ownHash).Write(response);
            if (match == HandshakeMatch.None)
            {
                return;
            }
            session.Established = true;
        }
        reader.SkipBytesMap();
        var name = reader.ReadString();
        if (name.Length == 0)
        {
            return;
        }
        scratch.Clear();
        AvroStatus status;
        try
        {
            switch (name)
            {
                case AvroFlumeProtocol.AppendBatchMessage:
                    AvroFlumeEventCodec.ReadArray(ref reader, scratch, session.Strings);
                    session.RequestsServed++;
                    status = handler.AppendBatch(scratch);
                    break;
                case AvroFlumeProtocol.AppendMessage:
                    var e = AvroFlumeEventCodec.Read(ref reader, session.Strings);
                    session.RequestsServed++;
                    status = handler.Append(e);
                    break;
                default:
                    WriteError(response, $"org.apache.avro.AvroRuntimeException: No such remote message: {name}");
                    return;
            }
        }
        catch (AvroRpcProtocolException)
        {
            throw;
        }
        catch (Exception ex)
        {
            WriteError(response, $"{ex.GetType().FullName}: {ex.Message}");
            return;
        }
        finally
        {
            scratch.Clear();
        }
        response.WriteLong(0);
        response.WriteBoolean(false);
        response.WriteLong((long)status);
    }

    /// <summary>An error reply: empty metadata, error flag, branch 0 of the system-error union <c>["string"]</c>.</summary>
    public static void WriteError(AvroWriter response, string message)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.WriteLong(0);
        response.WriteBoolean(true);
        response.WriteLong(0);
        response.WriteString(message);
    }

    private HandshakeMatch Handshake(HandshakeRequest request)
    {
        var clientKey = Convert.ToHexString(request.ClientHash);
        if (!_clientProtocols.TryGetValue(clientKey, out var clientKnown) && request.ClientProtocol is not null)
        {
            clientKnown = IsCompatible(request.ClientProtocol);
            if (!clientKnown)
            {
                throw new AvroRpcProtocolException("the client's protocol does not declare Flume's append/appendBatch messages with the same schemas");
            }
            _clientProtocols[clientKey] = true;
        }
        var serverMatches = request.ServerHash.AsSpan().SequenceEqual(_ownHash);
        return (serverMatches, clientKnown) switch
        {
            (true, true) => HandshakeMatch.Both,
            (false, true) => HandshakeMatch.Client,
            _ => HandshakeMatch.None,
        };
    }

    /// <summary>A client protocol can be read without schema resolution when its two messages have our schemas (its doc may differ).</summary>
    private static bool IsCompatible(string json)
    {
        Protocol theirs;
        try
        {
            theirs = Protocol.Parse(json);
        }
        catch (Exception ex) when (ex is AvroException or Newtonsoft.Json.JsonException or ArgumentException)
        {
            throw new AvroRpcProtocolException($"the client's protocol text is not valid Avro: {ex.Message}", ex);
        }
        foreach (var (name, ours) in Own.Value.Messages)
        {
            if (!theirs.Messages.TryGetValue(name, out var message) || Shape(message) != Shape(ours))
            {
                return false;
            }
        }
        return true;
    }

    // Field names and the parsing canonical form of their types: what decoding depends on (no doc, no errors list).
    private static string Shape(Message message)
    {
        var shape = new System.Text.StringBuilder();
        foreach (var field in message.Request.Fields)
        {
            shape.Append(field.Name).Append(':').Append(SchemaNormalization.ToParsingForm(field.Schema)).Append(';');
        }
        return shape.Append("->").Append(SchemaNormalization.ToParsingForm(message.Response)).ToString();
    }
}

/// <summary>Per-connection Avro IPC state: whether the handshake completed, and the header strings seen lately.</summary>
public sealed class AvroServerSession
{
    public Utf8StringCache Strings { get; } = new();

    public bool Established { get; set; }

    public long RequestsServed { get; set; }
}
