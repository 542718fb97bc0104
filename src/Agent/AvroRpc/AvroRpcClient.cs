using System.Net.Sockets;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Net;

namespace FlumeNet.Agent.AvroRpc;

/// <summary>Where and how an <see cref="AvroRpcClient"/> connects (reference §1.9).</summary>
public sealed record AvroRpcClientOptions(string Host, int Port)
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public bool Deflate { get; init; }

    public int CompressionLevel { get; init; } = 6;

    public TlsClientSettings? Tls { get; init; }
}

/// <summary>
/// One connection to an Avro RPC server speaking <c>AvroSourceProtocol</c>, like Flume's <c>NettyAvroRpcClient</c>:
/// calls are sequential and block the caller (a sink runner has its own thread); the first carries the handshake and
/// must be answered within the connect timeout (as in Java), later ones within the request timeout (a bound on each
/// wait for the server). Any failure marks the client inactive: it is closed and never reused. Cancelling a call closes
/// the connection.
/// </summary>
public sealed class AvroRpcClient : IDisposable
{
    private readonly AvroRpcClientOptions _options;
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly NettyFrameReader _reader;
    private readonly AvroWriter _writer = new();
    private readonly AvroRequestor _requestor;
    private readonly object _gate = new();
    private bool _inCall;
    private bool _disposed;
    private TimeSpan _timeout;
    private int _serial;
    private volatile bool _active = true;

    private AvroRpcClient(AvroRpcClientOptions options, Socket socket, Stream stream)
    {
        _options = options;
        _socket = socket;
        _stream = stream;
        _timeout = options.ConnectTimeout;
        _reader = new NettyFrameReader(stream);
        _requestor = new AvroRequestor($"{options.Host}:{options.Port}");
    }

    public bool IsActive => _active;

    public override string ToString() => $"{_options.Host}:{_options.Port}";

    /// <exception cref="IOException">Connect or TLS failed.</exception>
    /// <exception cref="TimeoutException">The connect timeout passed.</exception>
    public static AvroRpcClient Connect(AvroRpcClientOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stream = AvroRpcStreams.ConnectClient(options.Host, options.Port, options.ConnectTimeout, options.Deflate, options.CompressionLevel,
            options.Tls, cancellationToken, out var socket);
        return new AvroRpcClient(options, socket, stream);
    }

    /// <summary><see cref="Connect"/> on a pool thread, for callers that must not block.</summary>
    public static Task<AvroRpcClient> ConnectAsync(AvroRpcClientOptions options, CancellationToken cancellationToken) =>
        Task.Run(() => Connect(options, cancellationToken), CancellationToken.None);

    /// <summary>Sends <c>appendBatch</c> with events [offset, offset+count) and returns the server's Status.</summary>
    public AvroStatus AppendBatch(IReadOnlyList<FlumeEvent> events, int offset, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        Enter();
        try
        {
            while (true)
            {
                var serial = Begin(AvroFlumeProtocol.AppendBatchMessage);
                AvroFlumeEventCodec.WriteArray(_writer, events, offset, count);
                if (Exchange(serial, cancellationToken) is { } status)
                {
                    return status;
                }
            }
        }
        finally
        {
            Exit();
        }
    }

    public AvroStatus Append(FlumeEvent e, CancellationToken cancellationToken)
    {
        Enter();
        try
        {
            while (true)
            {
                var serial = Begin(AvroFlumeProtocol.AppendMessage);
                AvroFlumeEventCodec.Write(_writer, e);
                if (Exchange(serial, cancellationToken) is { } status)
                {
                    return status;
                }
            }
        }
        finally
        {
            Exit();
        }
    }

    /// <summary><see cref="AppendBatch"/> on a pool thread, for callers that must not block.</summary>
    public Task<AvroStatus> AppendBatchAsync(IReadOnlyList<FlumeEvent> events, int offset, int count, CancellationToken cancellationToken) =>
        Task.Run(() => AppendBatch(events, offset, count, cancellationToken), CancellationToken.None);

    /// <summary><see cref="Append"/> on a pool thread, for callers that must not block.</summary>
    public Task<AvroStatus> AppendAsync(FlumeEvent e, CancellationToken cancellationToken) =>
        Task.Run(() => Append(e, cancellationToken), CancellationToken.None);

    /// <summary>Closes the connection; may be called from another thread during a call, which then fails at once.</summary>
    public void Dispose()
    {
        _active = false;
        try
        {
            _stream.Dispose();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Closing a broken connection.
        }
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            if (!_inCall)
            {
                ReleaseBuffers();
            }
        }
    }

    // The pooled buffers go back only when no call can still write into them (a blocked read may complete late).
    private void ReleaseBuffers()
    {
        _reader.Dispose();
        _writer.Dispose();
    }

    private void Enter()
    {
        lock (_gate)
        {
            if (_disposed || !_active)
            {
                throw new IOException($"the connection to {this} is closed");
            }
            if (_inCall)
            {
                throw new InvalidOperationException($"a call to {this} is already in progress; calls are sequential");
            }
            _inCall = true;
        }
    }

    private void Exit()
    {
        lock (_gate)
        {
            _inCall = false;
            if (_disposed)
            {
                ReleaseBuffers();
            }
        }
    }

    private int Begin(string message)
    {
        NettyFrameWriter.Begin(_writer);
        _requestor.WriteRequest(_writer, message);
        return ++_serial;
    }

    /// <summary>Sends the request in the writer and reads its reply: the Status, or null when the handshake must be repeated.</summary>
    private AvroStatus? Exchange(int serial, CancellationToken cancellationToken)
    {
        var timeout = _requestor.Established ? _options.RequestTimeout : _options.ConnectTimeout;
        try
        {
            if (timeout != _timeout)
            {
                AvroRpcStreams.SetTimeouts(_socket, timeout);
                _timeout = timeout;
            }
            using var abort = cancellationToken.CanBeCanceled ? cancellationToken.Register(static s => ((Socket)s!).Dispose(), _socket) : default;
            _stream.Write(NettyFrameWriter.Complete(_writer, serial).Span);
            _stream.Flush();
            NettyFrame frame;
            do
            {
                frame = _reader.Read() ?? throw new IOException($"{this} closed the connection before replying");
            }
            while (frame.Serial != serial);
            return _requestor.ReadResponse(frame.Payload.Span);
        }
        catch (Exception ex) when (AvroRpcStreams.IsTimeout(ex))
        {
            _active = false;
            var what = _requestor.Established ? "request" : "handshake";
            throw new TimeoutException($"{what} to {this} timed out after {timeout.TotalMilliseconds:0} ms", ex);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            _active = false;
            throw new OperationCanceledException(cancellationToken);
        }
        catch
        {
            _active = false;
            throw;
        }
    }
}
