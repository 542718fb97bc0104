using System.Net;
using System.Net.Sockets;
using System.Text;
using NLog;

namespace FlumeNet.Agent.Monitoring;

/// <summary>
/// Flume's HTTP metrics server (reference §7.2) on a plain socket, to stay light: <c>GET /metrics</c> (path compared
/// ignoring case) gives the JSON, <c>/metrics/prometheus</c> the Prometheus text, <c>/</c> a link page, TRACE and OPTIONS 403,
/// anything else 404. One request per connection.
/// </summary>
public sealed class MetricsHttpServer : IDisposable
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly Func<string> _json;
    private readonly Func<string> _prometheus;
    private readonly CancellationTokenSource _stop = new();
    private readonly Socket _listener;
    private Task? _loop;

    public MetricsHttpServer(IPAddress bind, int port, Func<string> json, Func<string> prometheus)
    {
        _json = json;
        _prometheus = prometheus;
        _listener = new Socket(bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(new IPEndPoint(bind, port));
            _listener.Listen(16);
        }
        catch (SocketException ex)
        {
            _listener.Dispose();
            throw new IOException($"the metrics server cannot listen on {bind}:{port}: {ex.Message}", ex);
        }
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public void Start() => _loop = Task.Run(Loop);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The accept loop ends by cancellation.
        }
        _stop.Dispose();
    }

    private async Task Loop()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
                _ = Task.Run(() => Serve(client));
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    private async Task Serve(Socket client)
    {
        try
        {
            using var stream = new NetworkStream(client, ownsSocket: true);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var request = await ReadHead(stream, timeout.Token).ConfigureAwait(false);
            var parts = request.Split(' ', 3);
            var (status, type, body) = Route(parts.Length > 0 ? parts[0] : string.Empty, parts.Length > 1 ? parts[1] : "/");
            var payload = Encoding.UTF8.GetBytes(body);
            var head = $"HTTP/1.1 {status}\r\nContent-Type: {type}\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token).ConfigureAwait(false);
            await stream.WriteAsync(payload, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            Log.Debug("Metrics request failed: {Reason}", ex.Message);
        }
    }

    private (string Status, string Type, string Body) Route(string method, string target)
    {
        if (method is "TRACE" or "OPTIONS")
        {
            return ("403 Forbidden", "text/plain", string.Empty);
        }
        var path = target.Split('?', 2)[0];
        if (path == "/")
        {
            return ("200 OK", "text/html;charset=utf-8", "<html><body><a href=\"./metrics\">metrics</a></body></html>");
        }
        if (path.Equals("/metrics", StringComparison.OrdinalIgnoreCase))
        {
            return ("200 OK", "application/json;charset=utf-8", _json());
        }
        if (path.Equals("/metrics/prometheus", StringComparison.OrdinalIgnoreCase))
        {
            return ("200 OK", "text/plain; version=0.0.4; charset=utf-8", _prometheus());
        }
        return ("404 Not Found", "text/plain", "not found");
    }

    private static async Task<string> ReadHead(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[4096];
        var n = 0;
        while (n < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(n), ct).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            n += read;
            var text = Encoding.ASCII.GetString(buffer, 0, n);
            var end = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                return text[..end];
            }
        }
        return Encoding.ASCII.GetString(buffer, 0, n);
    }
}
