using FlumeNet.Agent.Core;

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
/// calls are sequential; the first carries the handshake and must finish within the connect timeout (as in Java),
/// later ones within the request timeout. Any failure marks the client inactive: it is closed and never reused.
/// </summary>
public sealed class AvroRpcClient : IDisposable
{
    private readonly AvroRpcClientOptions _options;
    private readonly Stream _stream;
    private readonly NettyFrameReader _reader;
    private readonly AvroWriter _writer = new();
    private readonly AvroRequestor _requestor;
    private int _serial;
    private volatile bool _active = true;

    private AvroRpcClient(AvroRpcClientOptions options, Stream stream)
    {
        _options = options;
        _stream = stream;
        _reader = new NettyFrameReader(stream);
        _requestor = new AvroRequestor($"{options.Host}:{options.Port}");
    }

    public bool IsActive => _active;

    public override string ToString() => $"{_options.Host}:{_options.Port}";

    /// <exception cref="IOException">Connect, TLS or handshake failed.</exception>
    /// <exception cref="TimeoutException">The connect timeout passed.</exception>
    public static async Task<AvroRpcClient> ConnectAsync(AvroRpcClientOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var socket = await AvroRpcStreams.ConnectAsync(options.Host, options.Port, options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(options.ConnectTimeout);
        try
        {
            var stream = await AvroRpcStreams.ClientAsync(socket, options.Host, options.Deflate, options.CompressionLevel, options.Tls, cts.Token).ConfigureAwait(false);
            return new AvroRpcClient(options, stream);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"TLS handshake with {options.Host}:{options.Port} took more than {options.ConnectTimeout.TotalMilliseconds:0} ms");
        }
    }

    /// <summary>Sends <c>appendBatch</c> with events [offset, offset+count) and returns the server's Status.</summary>
    public Task<AvroStatus> AppendBatchAsync(IReadOnlyList<FlumeEvent> events, int offset, int count, CancellationToken cancellationToken) =>
        CallAsync(AvroFlumeProtocol.AppendBatchMessage, w => AvroFlumeEventCodec.WriteArray(w, events, offset, count), cancellationToken);

    public Task<AvroStatus> AppendAsync(FlumeEvent e, CancellationToken cancellationToken) =>
        CallAsync(AvroFlumeProtocol.AppendMessage, w => AvroFlumeEventCodec.Write(w, e), cancellationToken);

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
        _reader.Dispose();
        _writer.Dispose();
    }

    private async Task<AvroStatus> CallAsync(string message, Action<AvroWriter> parameters, CancellationToken cancellationToken)
    {
        if (!_active)
        {
            throw new IOException($"the connection to {this} is closed");
        }
        var timeout = _requestor.Established ? _options.RequestTimeout : _options.ConnectTimeout;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var serial = ++_serial;
                NettyFrameWriter.Begin(_writer);
                _requestor.WriteRequest(_writer, message, parameters);
                await _stream.WriteAsync(NettyFrameWriter.Complete(_writer, serial), cts.Token).ConfigureAwait(false);
                await _stream.FlushAsync(cts.Token).ConfigureAwait(false);
                NettyFrame frame;
                do
                {
                    frame = await _reader.ReadAsync(cts.Token).ConfigureAwait(false)
                        ?? throw new IOException($"{this} closed the connection before replying");
                }
                while (frame.Serial != serial);
                if (_requestor.ReadResponse(frame.Payload.Span) is { } status)
                {
                    return status;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _active = false;
            var what = _requestor.Established ? "request" : "handshake";
            throw new TimeoutException($"{what} to {this} timed out after {timeout.TotalMilliseconds:0} ms");
        }
        catch
        {
            _active = false;
            throw;
        }
    }
}
