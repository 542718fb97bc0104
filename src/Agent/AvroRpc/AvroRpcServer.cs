using System.Net;
using System.Net.Sockets;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Net;
using NLog;

namespace FlumeNet.Agent.AvroRpc;

/// <summary>How an <see cref="AvroRpcServer"/> listens.</summary>
public sealed record AvroRpcServerOptions(IPAddress Address, int Port)
{
    public bool Deflate { get; init; }

    public TlsServerSettings? Tls { get; init; }

    public IpFilterRules? IpFilter { get; init; }

    public int MaxPayload { get; init; } = NettyFrameReader.DefaultMaxPayload;

    /// <summary>Told +1 when a connection opens and -1 when it closes (Flume's OpenConnectionCount).</summary>
    public Action<int>? ConnectionsChanged { get; init; }
}

/// <summary>
/// An Avro RPC server for <c>AvroSourceProtocol</c> on a <see cref="TcpConnectionServer"/>: binds in <see cref="Start"/>
/// (a port in use fails it), serves each connection on its own thread (one request at a time, replies echo the serial),
/// and survives clients that are slow, send garbage or vanish: such a connection is closed, the others carry on.
/// </summary>
public sealed class AvroRpcServer : IListeningServer
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly AvroRpcServerOptions _options;
    private readonly IAvroFlumeHandler _handler;
    private readonly string _name;
    private readonly AvroResponder _responder = new();
    private readonly TcpConnectionServer _server;

    public AvroRpcServer(string name, AvroRpcServerOptions options, IAvroFlumeHandler handler)
    {
        _name = name;
        _options = options;
        _handler = handler;
        _server = new TcpConnectionServer(name, new TcpServerOptions(options.Address, options.Port)
        {
            Accepts = options.IpFilter is { } filter ? filter.Accepts : null,
            ConnectionsChanged = options.ConnectionsChanged,
        }, Serve);
    }

    public int BoundPort => _server.BoundPort;

    /// <exception cref="IOException">The address cannot be bound.</exception>
    public void Start() => _server.Start();

    /// <summary>Stops accepting, closes every connection and waits for their threads (bounded by <paramref name="drain"/>).</summary>
    public void Stop(TimeSpan drain) => _server.Stop(drain);

    public void Dispose() => _server.Dispose();

    private void Serve(Socket socket)
    {
        var remote = socket.RemoteEndPoint?.ToString() ?? "?";
        Stream? stream = null;
        try
        {
            stream = AvroRpcStreams.Server(socket, _options.Deflate, _options.Tls);
            using var reader = new NettyFrameReader(stream, _options.MaxPayload);
            using var writer = new AvroWriter();
            var session = new AvroServerSession();
            var scratch = new List<FlumeEvent>();
            while (reader.Read() is { } frame)
            {
                NettyFrameWriter.Begin(writer);
                _responder.Respond(session, frame.Payload.Span, writer, _handler, scratch);
                stream.Write(NettyFrameWriter.Complete(writer, frame.Serial).Span);
                stream.Flush();
            }
        }
        catch (AvroRpcProtocolException ex)
        {
            Log.Warn("'{Name}': closing the connection from {Remote}, which does not speak Flume's Avro RPC: {Reason}", _name, remote, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException
            or System.Security.Authentication.AuthenticationException or InvalidDataException)
        {
            Log.Debug("'{Name}': connection from {Remote} closed: {Reason}", _name, remote, ex.Message);
        }
        finally
        {
            if (stream is not null)
            {
                DisposeQuietly(stream);
            }
        }
    }

    private static void DisposeQuietly(Stream stream)
    {
        try
        {
            stream.Dispose();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer is gone already.
        }
    }
}
