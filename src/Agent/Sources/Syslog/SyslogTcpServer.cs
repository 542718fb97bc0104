using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using FlumeNet.Agent.Monitoring;
using FlumeNet.Agent.Net;
using NLog;

namespace FlumeNet.Agent.Sources.Syslog;

/// <summary>One accepted connection: who sent it and on which local port.</summary>
internal sealed record SyslogConnection(IPEndPoint Remote, int LocalPort);

/// <summary>
/// The listening side of the syslog TCP sources: binds in <see cref="Start"/> (a clash fails the start), accepts
/// connections (TLS when configured), and runs one serve loop per connection. Stop closes the listener and waits, bounded,
/// for the connections to finish their current batch.
/// </summary>
internal sealed class SyslogTcpServer
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly string _source;
    private readonly string? _host;
    private readonly int _port;
    private readonly SslServerAuthenticationOptions? _tls;
    private readonly SourceCounter _counter;
    private readonly Func<SyslogConnection, Stream, CancellationToken, Task> _serve;
    private readonly CancellationToken _stopping;
    private readonly List<Task> _connections = [];
    private Socket? _listener;
    private Task? _acceptLoop;

    public SyslogTcpServer(string source, string? host, int port, SslServerAuthenticationOptions? tls, SourceCounter counter,
        Func<SyslogConnection, Stream, CancellationToken, Task> serve, CancellationToken stopping)
    {
        _source = source;
        _host = string.IsNullOrWhiteSpace(host) ? null : host.Trim();
        _port = port;
        _tls = tls;
        _counter = counter;
        _serve = serve;
        _stopping = stopping;
    }

    public int BoundPort => (_listener?.LocalEndPoint as IPEndPoint)?.Port ?? 0;

    /// <exception cref="IOException">The key store cannot be loaded.</exception>
    public static SslServerAuthenticationOptions? TlsFor(ServerTlsOptions? tls, string source) =>
        tls is null ? null : ServerTls.LoadAtStart(tls, source).ToOptions();

    /// <exception cref="IOException">The address cannot be bound.</exception>
    public void Start()
    {
        Socket? listener = null;
        try
        {
            var address = _host is null or "0.0.0.0" ? IPAddress.Any : IPAddress.TryParse(_host, out var ip) ? ip : Dns.GetHostAddresses(_host)[0];
            listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(address, _port));
            listener.Listen(256);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            listener?.Dispose();
            throw new IOException($"source '{_source}' cannot listen on {_host ?? "0.0.0.0"}:{_port}: {ex.Message}", ex);
        }
        _listener = listener;
        _acceptLoop = Task.Run(AcceptLoop);
    }

    public void Stop(TimeSpan patience)
    {
        _listener?.Dispose();
        try
        {
            _acceptLoop?.Wait(patience);
            Task[] open;
            lock (_connections)
            {
                open = [.. _connections];
            }
            Task.WaitAll(open, patience);
        }
        catch (AggregateException)
        {
            // Connections end by cancellation; what they parsed is delivered or reported already.
        }
    }

    private async Task AcceptLoop()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(_stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var task = Task.Run(() => Serve(client));
            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(task);
            }
        }
    }

    private async Task Serve(Socket client)
    {
        _counter.AddOpenConnections(1);
        try
        {
            client.NoDelay = true;
            var remote = (IPEndPoint)client.RemoteEndPoint!;
            var local = ((IPEndPoint)client.LocalEndPoint!).Port;
            Stream stream = new NetworkStream(client, ownsSocket: true);
            await using (stream.ConfigureAwait(false))
            {
                if (_tls is not null)
                {
                    var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                    stream = ssl;
                    using var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
                    handshake.CancelAfter(TimeSpan.FromSeconds(30));
                    await ssl.AuthenticateAsServerAsync(_tls, handshake.Token).ConfigureAwait(false);
                }
                await _serve(new SyslogConnection(remote, local), stream, _stopping).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException
            or System.Security.Authentication.AuthenticationException)
        {
            Log.Debug("Source '{Source}': connection closed: {Reason}", _source, ex.Message);
        }
        catch (Exception ex)
        {
            Log.Error(ex, "Source '{Source}': a connection failed unexpectedly", _source);
        }
        finally
        {
            _counter.AddOpenConnections(-1);
        }
    }

    /// <summary>The client's address as Java's getHostAddress prints it, and (when asked) its reverse-DNS name.</summary>
    public static async Task<List<KeyValuePair<string, string>>?> ClientHeaders(IPEndPoint remote, string? ipHeader, string? hostHeader)
    {
        if (ipHeader is null && hostHeader is null)
        {
            return null;
        }
        var address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        var text = address.ToString();
        var list = new List<KeyValuePair<string, string>>(2);
        if (ipHeader is not null)
        {
            list.Add(new(ipHeader, text));
        }
        if (hostHeader is not null)
        {
            string name;
            try
            {
                name = (await Dns.GetHostEntryAsync(address).ConfigureAwait(false)).HostName;
            }
            catch (SocketException)
            {
                name = text;
            }
            list.Add(new(hostHeader, name));
        }
        return list;
    }
}
