using System.Net.Security;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sources.Syslog;

/// <summary>
/// Flume's <c>syslogtcp</c> source: one message per <c>\n</c> per connection, parsed by <see cref="SyslogUtilsDecoder"/>
/// into Flume's headers. Unlike Flume (one transaction per message, dropped when the channel refuses it), the messages of
/// one read are committed together and a refused batch is retried while the connection waits, so nothing read is lost;
/// a message left without its newline when the client closes is delivered too.
/// </summary>
public sealed class SyslogTcpSource : IEventDrivenSource, IMeteredSource
{
    /// <summary>Most messages per channel transaction, lowered to the channels' transactionCapacity (Flume commits each alone).</summary>
    public const int MaxBatch = 1000;

    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly SyslogSourceOptions _options;
    private readonly SyslogDelivery _delivery;
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeZoneInfo _zone;
    private readonly TimeProvider _clock;
    private SyslogTcpServer? _server;

    public SyslogTcpSource(string name, SyslogSourceOptions options, ChannelProcessor processor, TimeZoneInfo? zone = null, TimeProvider? clock = null)
    {
        Name = name;
        _options = options;
        Counter = new SourceCounter(name);
        _delivery = new SyslogDelivery(name, processor, Counter, MaxBatch);
        _zone = zone ?? TimeZoneInfo.Local;
        _clock = clock ?? TimeProvider.System;
    }

    public string Name { get; }

    public SourceCounter Counter { get; }

    public int BoundPort => _server?.BoundPort ?? 0;

    public void Start()
    {
        Counter.Start();
        SslServerAuthenticationOptions? tls = SyslogTcpServer.TlsFor(_options.Tls, Name);
        _server = new SyslogTcpServer(Name, _options.Host, _options.Port, tls, Counter, Serve, _stop.Token);
        _server.Start();
        Log.Info("Source '{Source}' listening for syslog on TCP {Host}:{Port}{Tls}", Name, _options.Host ?? "0.0.0.0", BoundPort, tls is null ? "" : " (TLS)");
    }

    public void Stop()
    {
        _stop.Cancel();
        _server?.Stop(TimeSpan.FromSeconds(5));
        Counter.Stop();
    }

    private void Serve(SyslogConnection connection, Stream stream, CancellationToken stopping)
    {
        var decoder = new SyslogUtilsDecoder(_options.EventSize, _options.KeepFields, _zone, _clock)
        {
            ExtraHeaders = SyslogTcpServer.ClientHeaders(connection.Remote, _options.ClientIPHeader, _options.ClientHostnameHeader).GetAwaiter().GetResult(),
        };
        var buffer = new byte[64 * 1024];
        var events = new List<FlumeEvent>(MaxBatch);
        try
        {
            while (true)
            {
                var n = stream.Read(buffer);
                if (n == 0)
                {
                    decoder.Flush(events);
                    break;
                }
                decoder.Feed(buffer.AsSpan(0, n), events);
                _delivery.Deliver(events, stopping);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // An abrupt close: what was complete is delivered below, a partial message with it.
            decoder.Flush(events);
        }
        _delivery.Deliver(events, stopping);
    }
}
