using System.Globalization;
using System.Net.Security;
using System.Text;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sources.Syslog;

/// <summary>
/// Flume's <c>multiport_syslogtcp</c> source: one listener per port, lines split by <see cref="SyslogLineFramer"/> and
/// parsed by <see cref="SyslogLineParser"/> in the port's charset, committed in batches of <c>batchSize</c>. Unlike Flume
/// (a refused batch is dropped, a port that cannot be bound is skipped), a refused batch is retried while the connection
/// waits, and a port clash fails the start.
/// </summary>
public sealed class MultiportSyslogTcpSource : IEventDrivenSource, IMeteredSource
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly MultiportSyslogSourceOptions _options;
    private readonly SyslogDelivery _delivery;
    private readonly SyslogLineParser _parser;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<SyslogTcpServer> _servers = [];
    private readonly Dictionary<int, Encoding> _strictCharsets = [];
    private readonly Encoding _defaultCharset;

    public MultiportSyslogTcpSource(string name, MultiportSyslogSourceOptions options, ChannelProcessor processor, TimeProvider? clock = null)
    {
        Name = name;
        _options = options;
        Counter = new SourceCounter(name);
        _delivery = new SyslogDelivery(name, processor, Counter, options.BatchSize);
        _parser = new SyslogLineParser(options.KeepFields, clock);
        _defaultCharset = Strict(options.DefaultCharset);
        foreach (var (port, charset) in options.PortCharsets)
        {
            _strictCharsets[port] = Strict(charset);
        }
    }

    public string Name { get; }

    public SourceCounter Counter { get; }

    /// <summary>The bound ports, in the order of <c>ports</c> (useful with port 0).</summary>
    public IReadOnlyList<int> BoundPorts => [.. _servers.Select(s => s.BoundPort)];

    public void Start()
    {
        Counter.Start();
        SslServerAuthenticationOptions? tls = SyslogTcpServer.TlsFor(_options.Tls, Name);
        try
        {
            foreach (var port in _options.Ports)
            {
                var server = new SyslogTcpServer(Name, _options.Host, port, tls, Counter, Serve, _stop.Token);
                server.Start();
                _servers.Add(server);
            }
        }
        catch
        {
            StopServers();
            _servers.Clear();
            throw;
        }
        Log.Info("Source '{Source}' listening for syslog on TCP {Host} ports {Ports}{Tls}", Name, _options.Host ?? "0.0.0.0",
            string.Join(' ', BoundPorts), tls is null ? "" : " (TLS)");
    }

    public void Stop()
    {
        _stop.Cancel();
        StopServers();
        Counter.Stop();
    }

    private void StopServers()
    {
        foreach (var s in _servers)
        {
            s.Stop(TimeSpan.FromSeconds(5));
        }
    }

    private static Encoding Strict(Encoding e)
    {
        var clone = (Encoding)e.Clone();
        clone.DecoderFallback = DecoderFallback.ExceptionFallback;
        return clone;
    }

    private void Serve(SyslogConnection connection, Stream stream, CancellationToken stopping)
    {
        var charset = _strictCharsets.GetValueOrDefault(connection.LocalPort, _defaultCharset);
        var client = SyslogTcpServer.ClientHeaders(connection.Remote, _options.ClientIPHeader, _options.ClientHostnameHeader).GetAwaiter().GetResult();
        var portText = connection.LocalPort.ToString(CultureInfo.InvariantCulture);
        var framer = new SyslogLineFramer(_options.EventSize);
        var buffer = new byte[Math.Max(_options.ReadBufferBytes, 64 * 1024)];
        var events = new List<FlumeEvent>(_delivery.MaxBatch);
        void OnLine(ReadOnlySpan<byte> line, bool incomplete)
        {
            var e = _parser.Parse(line, charset, incomplete, out var failed);
            if (failed)
            {
                Counter.IncrementEventReadFail();
            }
            if (_options.PortHeader is not null)
            {
                e.Headers[_options.PortHeader] = portText;
            }
            if (client is not null)
            {
                foreach (var (k, v) in client)
                {
                    e.Headers[k] = v;
                }
            }
            events.Add(e);
        }
        try
        {
            while (true)
            {
                var n = stream.Read(buffer);
                if (n == 0)
                {
                    framer.Flush(OnLine);
                    break;
                }
                framer.Feed(buffer.AsSpan(0, n), OnLine);
                _delivery.Deliver(events, stopping);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            framer.Flush(OnLine);
        }
        _delivery.Deliver(events, stopping);
    }
}
