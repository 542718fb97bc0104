using System.Net.Security;
using System.Net.Sockets;

namespace FlumeNet.Agent.AvroRpc;

/// <summary>
/// The layers between a socket and the frame codec, outermost first as in Flume 1.11's Netty pipeline (reference
/// §1.3): zlib (when deflate), then TLS (when ssl). So with both, the zlib stream carries TLS records (T2).
/// </summary>
public static class AvroRpcStreams
{
    public static async Task<Stream> ServerAsync(Socket socket, bool deflate, TlsServerSettings? tls, CancellationToken cancellationToken)
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
                await ssl.AuthenticateAsServerAsync(tls.ToOptions(), cancellationToken).ConfigureAwait(false);
            }
            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public static async Task<Stream> ClientAsync(Socket socket, string host, bool deflate, int level, TlsClientSettings? tls, CancellationToken cancellationToken)
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
                await ssl.AuthenticateAsClientAsync(tls.ToOptions(host), cancellationToken).ConfigureAwait(false);
            }
            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Connects with a timeout; TCP_NODELAY and SO_KEEPALIVE on, as Flume's client sets them.</summary>
    public static async Task<Socket> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        try
        {
            await socket.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"connecting to {host}:{port} took more than {timeout.TotalMilliseconds:0} ms");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
