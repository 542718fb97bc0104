using System.Net;
using System.Net.Sockets;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sources;

/// <summary>
/// Flume's <c>netcatudp</c> source: one event per datagram. As in Flume's NetcatUdpSource the body is the datagram's
/// bytes up to its first <c>\n</c> (excluded); whatever follows the newline is dropped. With <c>remoteAddress</c> set,
/// that header holds the sender as Java prints it (<c>/127.0.0.1:5140</c>).
/// </summary>
/// <remarks>
/// Unlike Flume (one transaction per datagram, dropped when the channel refuses it), datagrams already queued in the
/// socket are committed together, up to <see cref="MaxBatch"/>, and a refused batch is retried with a doubling delay
/// (capped at 5 s) while the source runs; meanwhile the socket's receive buffer absorbs what arrives.
/// </remarks>
public sealed class NetcatUdpSource : IEventDrivenSource, IMeteredSource
{
    /// <summary>Most datagrams committed in one transaction.</summary>
    public const int MaxBatch = 100;

    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly NetcatUdpSourceOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly List<FlumeEvent> _batch = new(MaxBatch);
    private readonly RetryingBatchDelivery _delivery;
    private Socket? _socket;
    private Task? _receiveLoop;

    public NetcatUdpSource(string name, NetcatUdpSourceOptions options, ChannelProcessor processor)
    {
        Name = name;
        _options = options;
        Counter = new SourceCounter(name);
        _delivery = new RetryingBatchDelivery(name, "datagrams", processor, Counter);
    }

    public string Name { get; }

    public SourceCounter Counter { get; }

    public NetcatUdpSourceOptions Options => _options;

    /// <summary>The bound port (useful with port 0).</summary>
    public int BoundPort => (_socket?.LocalEndPoint as IPEndPoint)?.Port ?? 0;

    public static NetcatUdpSource Create(BoundOptions o, ChannelProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(o);
        var header = o.GetString("remoteAddress");
        var options = new NetcatUdpSourceOptions(o.GetString("bind"), o.GetInt("port", 0), string.IsNullOrEmpty(header) ? null : header);
        return new NetcatUdpSource(o.Name, options, processor);
    }

    public void Start()
    {
        Counter.Start();
        var bind = string.IsNullOrWhiteSpace(_options.Bind) ? "0.0.0.0" : _options.Bind.Trim();
        Socket? socket = null;
        try
        {
            var address = bind == "0.0.0.0" ? IPAddress.Any : ResolveBind(bind);
            socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(address, _options.Port));
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            socket?.Dispose();
            throw new IOException($"netcatudp source '{Name}' cannot bind {bind}:{_options.Port}: {ex.Message}", ex);
        }
        _socket = socket;
        _receiveLoop = Task.Run(ReceiveLoop);
        Log.Info("Source '{Source}' listening on UDP {Bind}:{Port}", Name, bind, BoundPort);
    }

    public void Stop()
    {
        _stop.Cancel();
        _socket?.Dispose();
        try
        {
            _receiveLoop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the socket closed; its last batch is committed or reported already.
        }
        Counter.Stop();
    }

    private static IPAddress ResolveBind(string bind) =>
        IPAddress.TryParse(bind, out var ip) ? ip : Dns.GetHostAddresses(bind)[0];

    private async Task ReceiveLoop()
    {
        var socket = _socket!;
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (_options.RemoteAddressHeader is null)
                {
                    var n = await socket.ReceiveAsync(_buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                    Add(n, null);
                    while (_batch.Count < MaxBatch && socket.Available > 0)
                    {
                        Add(socket.Receive(_buffer), null);
                    }
                }
                else
                {
                    var r = await socket.ReceiveFromAsync(_buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
                    Add(r.ReceivedBytes, r.RemoteEndPoint);
                    while (_batch.Count < MaxBatch && socket.Available > 0)
                    {
                        var from = any;
                        var n = socket.ReceiveFrom(_buffer, ref from);
                        Add(n, from);
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                // A datagram error (e.g. an ICMP report about an earlier send) leaves the socket usable.
                Counter.IncrementEventReadFail();
                Log.Debug("Source '{Source}': receive failed: {Reason}", Name, ex.Message);
            }
            await DeliverAsync().ConfigureAwait(false);
        }
        await DeliverAsync().ConfigureAwait(false);
    }

    private void Add(int length, EndPoint? from)
    {
        var end = _buffer.AsSpan(0, length).IndexOf((byte)'\n');
        var e = new FlumeEvent(_buffer.AsSpan(0, end < 0 ? length : end).ToArray());
        if (from is IPEndPoint ip)
        {
            // Java's InetSocketAddress.toString() for an address without a host name.
            e.Headers[_options.RemoteAddressHeader!] = $"/{ip.Address}:{ip.Port}";
        }
        _batch.Add(e);
    }

    private ValueTask DeliverAsync() => _delivery.DeliverAsync(_batch, _stop.Token);
}
