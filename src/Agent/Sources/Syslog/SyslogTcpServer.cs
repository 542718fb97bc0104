using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using FlumeNet.Agent.Monitoring;
using FlumeNet.Agent.Net;
using NLog;

namespace FlumeNet.Agent.Sources.Syslog;

/// <summary>One accepted connection: who sent it and on which local port.</summary>
internal sealed record SyslogConnection(IPEndPoint Remote, int LocalPort);

/// <summary>
/// The listening side of the syslog TCP sources on <see cref="TcpConnectionServer"/>: binds in <see cref="Start"/> (a
/// clash fails the start), accepts connections (TLS when configured) and runs one blocking serve loop per connection on
/// its own thread, so a read costs one wake-up from the kernel instead of a socket-engine wake-up and a thread-pool
/// hand-off (as for the avro source). Stop closes the listener and every connection (which ends their reads) and waits,
/// bounded, for the connections to deliver what they parsed.
/// </summary>
internal sealed class SyslogTcpServer
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(30);
    private readonly string _source;
    private readonly string? _host;
    private readonly int _port;
    private readonly SslServerAuthenticationOptions? _tls;
    private readonly SourceCounter _counter;
    private readonly Action<SyslogConnection, Stream, CancellationToken> _serve;
    private readonly CancellationToken _stopping;
    private TcpConnectionServer? _server;

    public SyslogTcpServer(string source, string? host, int port, SslServerAuthenticationOptions? tls, SourceCounter counter,
        Action<SyslogConnection, Stream, CancellationToken> serve, CancellationToken stopping)
    {
        _source = source;
        _host = string.IsNullOrWhiteSpace(host) ? null : host.Trim();
        _port = port;
        _tls = tls;
        _counter = counter;
        _serve = serve;
        _stopping = stopping;
    }

    public int BoundPort => _server?.BoundPort ?? 0;

    /// <exception cref="IOException">The key store cannot be loaded.</exception>
    public static SslServerAuthenticationOptions? TlsFor(ServerTlsOptions? tls, string source) =>
        tls is null ? null : ServerTls.LoadAtStart(tls, source).ToOptions();

    /// <exception cref="IOException">The address cannot be bound.</exception>
    public void Start()
    {
        TcpConnectionServer server;
        try
        {
            var address = _host is null or "0.0.0.0" ? IPAddress.Any : IPAddress.TryParse(_host, out var ip) ? ip : Dns.GetHostAddresses(_host)[0];
            server = new TcpConnectionServer($"syslog source '{_source}'", new TcpServerOptions(address, _port)
            {
                ConnectionsChanged = delta => _counter.AddOpenConnections(delta),
            }, Serve);
            server.Start();
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException or IOException)
        {
            var reason = ex is IOException { InnerException: SocketException inner } ? inner.Message : ex.Message;
            throw new IOException($"source '{_source}' cannot listen on {_host ?? "0.0.0.0"}:{_port}: {reason}", ex);
        }
        _server = server;
    }

    public void Stop(TimeSpan patience) => _server?.Stop(patience);

    private void Serve(Socket client)
    {
        try
        {
            var remote = (IPEndPoint)client.RemoteEndPoint!;
            var local = ((IPEndPoint)client.LocalEndPoint!).Port;
            using Stream stream = _tls is null ? new NetworkStream(client, ownsSocket: false) : Authenticate(client);
            _serve(new SyslogConnection(remote, local), stream, _stopping);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException
            or System.Security.Authentication.AuthenticationException)
        {
            Log.Debug("Source '{Source}': connection closed: {Reason}", _source, ex.Message);
        }
    }

    // The handshake is bounded by the socket's timeouts; reads after it wait as long as the client is silent.
    private SslStream Authenticate(Socket client)
    {
        var ssl = new SslStream(new NetworkStream(client, ownsSocket: false), leaveInnerStreamOpen: false);
        try
        {
            client.ReceiveTimeout = client.SendTimeout = (int)HandshakeTimeout.TotalMilliseconds;
            ssl.AuthenticateAsServer(_tls!);
            client.ReceiveTimeout = client.SendTimeout = 0;
            return ssl;
        }
        catch
        {
            ssl.Dispose();
            throw;
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
