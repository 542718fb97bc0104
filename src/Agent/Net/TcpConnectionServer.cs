using System.Net;
using System.Net.Sockets;
using NLog;

namespace FlumeNet.Agent.Net;

/// <summary>How a <see cref="TcpConnectionServer"/> listens and whom it lets in.</summary>
public sealed record TcpServerOptions(IPAddress Address, int Port)
{
    /// <summary>False refuses a connection from that address (closed at once), as Flume's ipFilter does.</summary>
    public Func<IPAddress, bool>? Accepts { get; init; }

    /// <summary>Told +1 when a connection opens and -1 when it closes (Flume's OpenConnectionCount).</summary>
    public Action<int>? ConnectionsChanged { get; init; }
}

/// <summary>
/// The listening skeleton of the avro, thrift and syslog TCP sources: binds in <see cref="Start"/> (a port in use
/// fails it), accepts on its own thread and serves each connection on its own thread with blocking I/O, so a request
/// costs one wake-up from the kernel instead of hops through the socket engine and the thread pool. A connection's
/// failure (slow, garbage, vanished peer) ends that connection only; the serve callback reports its own errors.
/// Stop closes the listener and every connection (which unblocks their reads) and waits, bounded, for the threads.
/// </summary>
public sealed class TcpConnectionServer : IListeningServer
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly string _name;
    private readonly TcpServerOptions _options;
    private readonly Action<Socket> _serve;
    private readonly Dictionary<Socket, Thread> _connections = [];
    private Socket? _listener;
    private Thread? _acceptThread;
    private volatile bool _stopping;

    /// <param name="serve">Runs one connection to its end on the connection's thread; it owns nothing (the socket is closed after it).</param>
    public TcpConnectionServer(string name, TcpServerOptions options, Action<Socket> serve)
    {
        _name = name;
        _options = options;
        _serve = serve;
    }

    public int BoundPort => (_listener?.LocalEndPoint as IPEndPoint)?.Port ?? 0;

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
        _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = $"accept {_name}" };
        _acceptThread.Start();
    }

    /// <summary>Stops accepting, closes every connection and waits for their threads (bounded by <paramref name="drain"/>).</summary>
    public void Stop(TimeSpan drain)
    {
        _stopping = true;
        _listener?.Dispose();
        Thread[] open;
        lock (_connections)
        {
            foreach (var socket in _connections.Keys)
            {
                Close(socket);
            }
            open = [.. _connections.Values];
        }
        var deadline = Environment.TickCount64 + (long)drain.TotalMilliseconds;
        _acceptThread?.Join(Remaining(deadline));
        foreach (var thread in open)
        {
            if (!thread.Join(Remaining(deadline)))
            {
                Log.Warn("'{Name}': a connection did not finish within {Drain} s of the stop; it ends with the process", _name, drain.TotalSeconds);
                break;
            }
        }
    }

    public void Dispose() => Stop(TimeSpan.FromSeconds(5));

    private static int Remaining(long deadline) => (int)Math.Max(0, deadline - Environment.TickCount64);

    private void AcceptLoop()
    {
        var failures = 0;
        while (!_stopping)
        {
            Socket socket;
            try
            {
                socket = _listener!.Accept();
                failures = 0;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                if (_stopping)
                {
                    return;
                }
                // Out of descriptors, say: wait a little instead of spinning, and say so once per run of failures.
                if (failures++ == 0)
                {
                    Log.Warn("'{Name}': accepting a connection failed; retrying: {Reason}", _name, ex.Message);
                }
                Thread.Sleep(Math.Min(1000, 10 * failures));
                continue;
            }
            if (_options.Accepts is { } accepts && socket.RemoteEndPoint is IPEndPoint remote && !accepts(remote.Address))
            {
                Log.Debug("'{Name}': refused a connection from {Remote} (ipFilterRules)", _name, remote);
                Close(socket);
                continue;
            }
            try
            {
                socket.NoDelay = true;
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            }
            catch (SocketException)
            {
                Close(socket);
                continue;
            }
            lock (_connections)
            {
                if (_stopping)
                {
                    Close(socket);
                    return;
                }
                var thread = new Thread(() => Serve(socket)) { IsBackground = true, Name = $"conn {_name}" };
                _connections[socket] = thread;
                thread.Start();
            }
        }
    }

    private void Serve(Socket socket)
    {
        _options.ConnectionsChanged?.Invoke(1);
        try
        {
            _serve(socket);
        }
        catch (Exception ex)
        {
            // The callback handles what a peer can cause; anything else is a bug, but must not take the agent down.
            Log.Error(ex, "'{Name}': a connection failed unexpectedly", _name);
        }
        finally
        {
            Close(socket);
            _options.ConnectionsChanged?.Invoke(-1);
            lock (_connections)
            {
                _connections.Remove(socket);
            }
        }
    }

    private static void Close(Socket socket)
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
