using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using FlumeNet.Agent.Net;

namespace FlumeNet.Agent.AvroRpc;

/// <summary>
/// The layers between a socket and the frame codec, outermost first as in Flume 1.11's Netty pipeline (reference
/// §1.3): zlib (when deflate), then TLS (when ssl). So with both, the zlib stream carries TLS records (T2).
/// Sockets stay in blocking mode (no async call ever touches them): on Linux one async call would switch a .NET socket
/// to non-blocking for good, and every later blocking call would then wait on the socket engine's thread.
/// </summary>
public static class AvroRpcStreams
{
    public static Stream Server(Socket socket, bool deflate, TlsServerSettings? tls)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            if (deflate)
            {
                stream = new ZlibDuplexStream(stream, 6);
            }
            if (tls is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                ssl.AuthenticateAsServer(tls.ToOptions());
            }
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The client's layers; the socket's receive timeout bounds the TLS handshake.</summary>
    public static Stream Client(Socket socket, string host, bool deflate, int level, TlsClientSettings? tls)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            if (deflate)
            {
                stream = new ZlibDuplexStream(stream, level);
            }
            if (tls is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                ssl.AuthenticateAsClient(tls.ToOptions(host));
            }
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Connects a blocking socket within <paramref name="timeout"/>; TCP_NODELAY and SO_KEEPALIVE on, as Flume's client
    /// sets them. The blocking connect runs on a pool thread so that the wait can be bounded and cancelled.
    /// </summary>
    public static Socket Connect(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        var connect = Task.Run(() => socket.Connect(host, port), CancellationToken.None);
        // Observed here so that a connect abandoned after a timeout never surfaces as an unobserved task exception.
        _ = connect.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        try
        {
            if (!connect.Wait(timeout, cancellationToken))
            {
                throw new TimeoutException($"connecting to {host}:{port} took more than {timeout.TotalMilliseconds:0} ms");
            }
            return socket;
        }
        catch (AggregateException ex) when (ex.InnerException is not null)
        {
            socket.Dispose();
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The whole client side of a connection, for the avro and thrift clients: <see cref="Connect"/>, the connect timeout
    /// as both socket timeouts (so it bounds the TLS handshake too), then <see cref="Client"/>. Cancelling closes the
    /// socket; a handshake that ran out of time is a <see cref="TimeoutException"/>.
    /// </summary>
    public static Stream ConnectClient(string host, int port, TimeSpan connectTimeout, bool deflate, int level, TlsClientSettings? tls,
        CancellationToken cancellationToken, out Socket socket)
    {
        var connected = Connect(host, port, connectTimeout, cancellationToken);
        SetTimeouts(connected, connectTimeout);
        using var abort = cancellationToken.Register(static s => ((Socket)s!).Dispose(), connected);
        try
        {
            var stream = Client(connected, host, deflate, level, tls);
            socket = connected;
            return stream;
        }
        catch (Exception ex) when (IsTimeout(ex))
        {
            connected.Dispose();
            throw new TimeoutException($"TLS handshake with {host}:{port} took more than {connectTimeout.TotalMilliseconds:0} ms", ex);
        }
        catch
        {
            connected.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
    }

    /// <summary>Sets both socket timeouts (0 = none), as a blocking call's bound.</summary>
    public static void SetTimeouts(Socket socket, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var ms = timeout <= TimeSpan.Zero ? 0 : (int)Math.Min(int.MaxValue, Math.Max(1, timeout.TotalMilliseconds));
        socket.ReceiveTimeout = ms;
        socket.SendTimeout = ms;
    }

    /// <summary>Whether a failed blocking call ran out of its socket timeout (however deep the layers wrapped it).</summary>
    public static bool IsTimeout(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock } or TimeoutException)
            {
                return true;
            }
        }
        return false;
    }
}
