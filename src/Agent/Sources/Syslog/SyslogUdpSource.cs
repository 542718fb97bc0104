using System.Net;
using System.Net.Sockets;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sources.Syslog;

/// <summary>
/// Flume's <c>syslogudp</c> source: one datagram, up to its first <c>\n</c>, is one message parsed by
/// <see cref="SyslogUtilsDecoder"/>. Unlike Flume, datagrams are read whole (up to 64 KiB; Flume cuts them at 2048 bytes, T11),
/// datagrams already queued are committed together, and a refused batch is retried while the socket buffer absorbs
/// what arrives.
/// </summary>
public sealed class SyslogUdpSource : IEventDrivenSource, IMeteredSource
{
    public const int MaxBatch = 100;

    /// <summary>Flume forces the UDP event size to 64 KiB.</summary>
    public const int EventSize = 65536;

    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly SyslogSourceOptions _options;
    private readonly SyslogDelivery _delivery;
    private readonly CancellationTokenSource _stop = new();
    private readonly SyslogUtilsDecoder _decoder;
    private readonly byte[] _buffer = new byte[65536];
    private readonly List<FlumeEvent> _batch = new(MaxBatch);
    private readonly Dictionary<IPAddress, List<KeyValuePair<string, string>>?> _clients = [];
    private Socket? _socket;
    private Task? _loop;

    public SyslogUdpSource(string name, SyslogSourceOptions options, ChannelProcessor processor, TimeZoneInfo? zone = null, TimeProvider? clock = null)
    {
        Name = name;
        _options = options;
        Counter = new SourceCounter(name);
        _delivery = new SyslogDelivery(name, processor, Counter, MaxBatch);
        _decoder = new SyslogUtilsDecoder(EventSize, options.KeepFields, zone, clock, octetCounting: false);
    }

    public string Name { get; }

    public SourceCounter Counter { get; }

    public int BoundPort => (_socket?.LocalEndPoint as IPEndPoint)?.Port ?? 0;

    private bool WantsClient => _options.ClientIPHeader is not null || _options.ClientHostnameHeader is not null;

    public void Start()
    {
        Counter.Start();
        var host = string.IsNullOrWhiteSpace(_options.Host) ? "0.0.0.0" : _options.Host.Trim();
        Socket? socket = null;
        try
        {
            var address = host == "0.0.0.0" ? IPAddress.Any : IPAddress.TryParse(host, out var ip) ? ip : Dns.GetHostAddresses(host)[0];
            socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.ReceiveBufferSize = Math.Max(socket.ReceiveBufferSize, 4 * 1024 * 1024);
            socket.Bind(new IPEndPoint(address, _options.Port));
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            socket?.Dispose();
            throw new IOException($"syslogudp source '{Name}' cannot bind {host}:{_options.Port}: {ex.Message}", ex);
        }
        _socket = socket;
        _loop = Task.Run(ReceiveLoop);
        Log.Info("Source '{Source}' listening for syslog on UDP {Host}:{Port}", Name, host, BoundPort);
    }

    public void Stop()
    {
        _stop.Cancel();
        _socket?.Dispose();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the socket closed; its last batch is delivered or reported already.
        }
        Counter.Stop();
    }

    private async Task ReceiveLoop()
    {
        var socket = _socket!;
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (!WantsClient)
                {
                    Add(await socket.ReceiveAsync(_buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false), null);
                    while (_batch.Count < _delivery.MaxBatch && socket.Available > 0)
                    {
                        Add(socket.Receive(_buffer), null);
                    }
                }
                else
                {
                    var r = await socket.ReceiveFromAsync(_buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
                    await AddFrom(r.ReceivedBytes, (IPEndPoint)r.RemoteEndPoint).ConfigureAwait(false);
                    while (_batch.Count < _delivery.MaxBatch && socket.Available > 0)
                    {
                        var from = any;
                        var n = socket.ReceiveFrom(_buffer, ref from);
                        await AddFrom(n, (IPEndPoint)from).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                Counter.IncrementEventReadFail();
                Log.Debug("Source '{Source}': receive failed: {Reason}", Name, ex.Message);
            }
            await _delivery.DeliverAsync(_batch, _stop.Token).ConfigureAwait(false);
        }
        await _delivery.DeliverAsync(_batch, _stop.Token).ConfigureAwait(false);
    }

    private async ValueTask AddFrom(int length, IPEndPoint from)
    {
        if (!_clients.TryGetValue(from.Address, out var headers))
        {
            if (_clients.Count > 10_000)
            {
                _clients.Clear();
            }
            headers = await SyslogTcpServer.ClientHeaders(from, _options.ClientIPHeader, _options.ClientHostnameHeader).ConfigureAwait(false);
            _clients[from.Address] = headers;
        }
        Add(length, headers);
    }

    private void Add(int length, List<KeyValuePair<string, string>>? client)
    {
        _decoder.ExtraHeaders = client;
        var e = _decoder.DecodeDatagram(_buffer.AsSpan(0, length));
        if (e is null)
        {
            Counter.IncrementEventReadFail();
            return;
        }
        _batch.Add(e);
    }
}
