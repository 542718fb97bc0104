using System.Net;
using System.Net.Sockets;
using FlumeNet.Agent.Core;
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
/// An Avro RPC server for <c>AvroSourceProtocol</c>: binds in <see cref="Start"/> (a port in use fails it), serves each
/// connection on its own loop (one request at a time, replies echo the serial), and survives clients that are slow,
/// send garbage or vanish: such a connection is closed, the others carry on.
/// </summary>
public sealed class AvroRpcServer : IDisposable
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly AvroRpcServerOptions _options;
    private readonly IAvroFlumeHandler _handler;
    private readonly string _name;
    private readonly AvroResponder _responder = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<Socket, Task> _connections = [];
    private Socket? _listener;
    private Task? _acceptLoop;
    private int _openConnections;

    public AvroRpcServer(string name, AvroRpcServerOptions options, IAvroFlumeHandler handler)
    {
        _name = name;
        _options = options;
        _handler = handler;
    }

    public int BoundPort => (_listener?.LocalEndPoint as IPEndPoint)?.Port ?? 0;

    public int OpenConnections => Volatile.Read(ref _openConnections);

    /// <exception cref="IOException">The address cannot be bound.</exception>
    public void Start()
    {
        var listener = new Socket(_options.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(_options.Address, _options.Port));
            listener.Listen(1024);
        }
        catch (SocketException ex)
        {
            listener.Dispose();
            throw new IOException($"'{_name}' cannot listen on {_options.Address}:{_options.Port}: {ex.Message}", ex);
        }
        _listener = listener;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Stops accepting, closes every connection and waits for their loops (bounded by <paramref name="drain"/>).</summary>
    public void Stop(TimeSpan drain)
    {
        _stop.Cancel();
        _listener?.Dispose();
        Task[] open;
        lock (_connections)
        {
            foreach (var socket in _connections.Keys)
            {
                CloseQuietly(socket);
            }
            open = [.. _connections.Values];
        }
        try
        {
            _acceptLoop?.Wait(drain);
            Task.WaitAll(open, drain);
        }
        catch (AggregateException)
        {
            // The loops end with the closed sockets; nothing they accepted is pending.
        }
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                Log.Debug("'{Name}': accept failed: {Reason}", _name, ex.Message);
                continue;
            }
            if (_options.IpFilter is { } filter && socket.RemoteEndPoint is IPEndPoint remote && !filter.Accepts(remote.Address))
            {
                Log.Debug("'{Name}': refused a connection from {Remote} (ipFilterRules)", _name, remote);
                CloseQuietly(socket);
                continue;
            }
            socket.NoDelay = true;
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            lock (_connections)
            {
                if (_stop.IsCancellationRequested)
                {
                    CloseQuietly(socket);
                    return;
                }
                _connections[socket] = Task.Run(() => ServeAsync(socket));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var remote = socket.RemoteEndPoint?.ToString() ?? "?";
        Interlocked.Increment(ref _openConnections);
        _options.ConnectionsChanged?.Invoke(1);
        Stream? stream = null;
        try
        {
            stream = await AvroRpcStreams.ServerAsync(socket, _options.Deflate, _options.Tls, _stop.Token).ConfigureAwait(false);
            using var reader = new NettyFrameReader(stream, _options.MaxPayload);
            using var writer = new AvroWriter();
            var session = new AvroServerSession();
            var scratch = new List<FlumeEvent>();
            while (await reader.ReadAsync(_stop.Token).ConfigureAwait(false) is { } frame)
            {
                NettyFrameWriter.Begin(writer);
                _responder.Respond(session, frame.Payload.Span, writer, _handler, scratch);
                await stream.WriteAsync(NettyFrameWriter.Complete(writer, frame.Serial), _stop.Token).ConfigureAwait(false);
                await stream.FlushAsync(_stop.Token).ConfigureAwait(false);
            }
        }
        catch (AvroRpcProtocolException ex)
        {
            Log.Warn("'{Name}': closing the connection from {Remote}, which does not speak Flume's Avro RPC: {Reason}", _name, remote, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException
            or System.Security.Authentication.AuthenticationException or InvalidDataException)
        {
            Log.Debug("'{Name}': connection from {Remote} closed: {Reason}", _name, remote, ex.Message);
        }
        finally
        {
            if (stream is not null)
            {
                await DisposeQuietlyAsync(stream).ConfigureAwait(false);
            }
            CloseQuietly(socket);
            Interlocked.Decrement(ref _openConnections);
            _options.ConnectionsChanged?.Invoke(-1);
            lock (_connections)
            {
                _connections.Remove(socket);
            }
        }
    }

    private static async Task DisposeQuietlyAsync(Stream stream)
    {
        try
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer is gone already.
        }
    }

    private static void CloseQuietly(Socket socket)
    {
        try
        {
            socket.Dispose();
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }
}
