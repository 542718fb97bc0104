using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FlumeNet.Tools.KafkaEmulator.Handlers;
using FlumeNet.Tools.KafkaEmulator.Sasl;

namespace FlumeNet.Tools.KafkaEmulator.Server;

/// <summary>
/// The broker's TCP side on 127.0.0.1: one task per connection that handles its requests one at a time, so responses
/// leave in request order as Kafka guarantees. <see cref="Restart"/> drops every connection (a broker restart).
/// </summary>
internal sealed class KafkaBroker : IAsyncDisposable
{
    private const int MaxFrame = 100 * 1024 * 1024;
    private readonly TcpListener _listener;
    private readonly RequestDispatcher _dispatcher;
    private readonly BrokerContext _ctx;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<long, (TcpClient Client, CancellationTokenSource Cancel)> _connections = new();
    private long _nextConnection;
    private Task? _accept;

    public KafkaBroker(BrokerContext ctx, int port)
    {
        _ctx = ctx;
        _dispatcher = new RequestDispatcher(ctx);
        _listener = new TcpListener(IPAddress.Loopback, port);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Action<string>? Log { get; init; }

    public void Start()
    {
        _listener.Start(512);
        _ctx.Port = Port;
        _accept = AcceptLoop();
    }

    /// <summary>Closes all client connections and forgets group membership (offsets and data are kept).</summary>
    public void Restart()
    {
        foreach (var (id, c) in _connections)
        {
            try
            {
                c.Cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The connection ended on its own between the listing and here and disposed its token.
            }
            c.Client.Close();
            _connections.TryRemove(id, out _);
        }
        foreach (var g in _ctx.Groups.Groups)
        {
            g.ForgetMembers();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        Restart();
        if (_accept is not null)
        {
            try
            {
                await _accept.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        _stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            client.NoDelay = true;
            var id = Interlocked.Increment(ref _nextConnection);
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            _connections[id] = (client, cancel);
            _ctx.Stats.Connection();
            _ = Serve(id, client, cancel);
        }
    }

    private async Task Serve(long id, TcpClient client, CancellationTokenSource cancel)
    {
        var sizeBuffer = new byte[4];
        byte[] frame = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var sasl = _ctx.Sasl.Enabled ? new SaslSession(_ctx.Sasl) : null;
        try
        {
            var stream = client.GetStream();
            while (!cancel.IsCancellationRequested)
            {
                await stream.ReadExactlyAsync(sizeBuffer, cancel.Token).ConfigureAwait(false);
                var size = BinaryPrimitives.ReadInt32BigEndian(sizeBuffer);
                if (size < 8 || size > MaxFrame)
                {
                    Log?.Invoke($"connection {id}: bad frame size {size}; closing");
                    return;
                }
                if (frame.Length < size)
                {
                    ArrayPool<byte>.Shared.Return(frame);
                    frame = ArrayPool<byte>.Shared.Rent(size);
                }
                await stream.ReadExactlyAsync(frame.AsMemory(0, size), cancel.Token).ConfigureAwait(false);
                var response = await _dispatcher.Handle(frame, size, sasl, cancel.Token).ConfigureAwait(false);
                if (response is { } bytes)
                {
                    await stream.WriteAsync(bytes, cancel.Token).ConfigureAwait(false);
                }
                if (sasl is { Failed: true })
                {
                    Log?.Invoke($"connection {id}: SASL {sasl.Mechanism} authentication failed; closing");
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or EndOfStreamException or SocketException or ObjectDisposedException)
        {
        }
        catch (Exception e)
        {
            Log?.Invoke($"connection {id}: {e.GetType().Name}: {e.Message}; closing");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
            _connections.TryRemove(id, out _);
            client.Dispose();
            cancel.Dispose();
        }
    }
}
