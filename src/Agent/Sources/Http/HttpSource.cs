using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using FlumeNet.Agent.Net;
using NLog;

namespace FlumeNet.Agent.Sources.Http;

/// <summary>
/// Flume's <c>http</c> source (reference §4.1) on its own HTTP/1.1 server (<see cref="TcpConnectionServer"/>, one thread
/// per connection with blocking reads, as the avro and syslog sources: Kestrel's socket engine, thread-pool hops and
/// spinning workers cost about as much CPU as the JSON decoding; see tools/bench/netsources-rate.sh). Keep-alive,
/// Content-Length and chunked bodies, <c>Expect: 100-continue</c>, TLS; a client idle for 30 s inside or between requests
/// is cut off (Jetty's idle timeout). Every path; GET handled as POST, TRACE and OPTIONS 403, other methods 405. One
/// request is one batch in one transaction per channel: 200 (empty body) only after the commit, 400 when the handler finds
/// the body malformed, 500 for other handler failures, 503 when a channel refuses the batch (ChannelException, e.g. full),
/// so the client knows whether to retry and nothing answered 200 is lost.
/// </summary>
public sealed class HttpSource : IEventDrivenSource, IMeteredSource
{
    private static readonly NLog.Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);
    private static readonly byte[] Ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray();
    private static readonly byte[] OkClose = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray();
    private static readonly byte[] Continue = "HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray();
    private readonly HttpSourceOptions _options;
    private readonly ChannelProcessor _processor;
    private readonly IHttpSourceHandler _handler;
    private readonly object _processorLock = new();
    private TcpConnectionServer? _server;
    private SslServerAuthenticationOptions? _tls;

    public HttpSource(string name, HttpSourceOptions options, ChannelProcessor processor)
    {
        Name = name;
        _options = options;
        _processor = processor;
        Counter = new SourceCounter(name);
        _handler = options.Handler switch
        {
            HttpSourceOptions.MorphlineBlobHandler => BlobHandler.Morphline(options.MaxBlobLength),
            HttpSourceOptions.CoreBlobHandler => BlobHandler.Core(options.MandatoryParameters),
            _ => new JsonHandler(),
        };
    }

    public string Name { get; }

    public SourceCounter Counter { get; }

    public int BoundPort => _server?.BoundPort ?? 0;

    public void Start()
    {
        Counter.Start();
        _tls = _options.Tls is { } tlsOptions ? ServerTls.LoadAtStart(tlsOptions, Name).ToOptions() : null;
        TcpConnectionServer server;
        try
        {
            server = new TcpConnectionServer($"http source '{Name}'", new TcpServerOptions(ResolveBind(_options.Bind), _options.Port)
            {
                ConnectionsChanged = delta => Counter.AddOpenConnections(delta),
            }, Serve);
            server.Start();
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException or IOException)
        {
            var reason = ex is IOException { InnerException: SocketException inner } ? inner.Message : ex.Message;
            throw new IOException($"http source '{Name}' cannot listen on {_options.Bind}:{_options.Port}: {reason}", ex);
        }
        _server = server;
        Log.Info("Source '{Source}' listening for HTTP{Tls} on {Bind}:{Port} with {Handler}", Name, _tls is null ? "" : "S",
            _options.Bind, BoundPort, _options.Handler);
    }

    public void Stop()
    {
        // Closes every connection: a request still running is aborted, and none of those was answered 200.
        _server?.Stop(TimeSpan.FromSeconds(5));
        _server = null;
        Counter.Stop();
    }

    private static IPAddress ResolveBind(string bind)
    {
        var b = bind.Trim();
        if (b is "0.0.0.0" or "")
        {
            return IPAddress.Any;
        }
        return IPAddress.TryParse(b, out var ip) ? ip : Dns.GetHostAddresses(b)[0];
    }

    private void Serve(Socket socket)
    {
        Stream? stream = null;
        var clientClosed = false;
        try
        {
            socket.ReceiveTimeout = socket.SendTimeout = (int)IdleTimeout.TotalMilliseconds;
            stream = _tls is null ? new NetworkStream(socket, ownsSocket: false) : Authenticate(socket);
            using var input = new Http1Input(stream);
            while (input.ReadHead() is { } text)
            {
                Http1RequestHead head;
                try
                {
                    head = Http1RequestHead.Parse(text);
                }
                catch (Http1FormatException ex)
                {
                    Counter.IncrementEventReadFail();
                    WriteError(stream, ex.Status, "Bad request. " + ex.Message, close: true);
                    return;
                }
                if (!ServeOne(stream, input, head))
                {
                    return;
                }
            }
            clientClosed = true;
        }
        catch (Http1FormatException ex)
        {
            Counter.IncrementEventReadFail();
            Log.Debug("Source '{Source}': bad request: {Reason}", Name, ex.Message);
            if (stream is not null)
            {
                WriteQuietly(stream, ex.Status, "Bad request. " + ex.Message);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException
            or System.Security.Authentication.AuthenticationException)
        {
            // The client went away, broke the framing or stayed silent past the idle timeout.
            Log.Debug("Source '{Source}': connection closed: {Reason}", Name, ex.Message);
        }
        finally
        {
            if (!clientClosed)
            {
                LingeringClose(socket);
            }
            stream?.Dispose();
        }
    }

    // Closing with unread request bytes makes the kernel reset the connection, which can destroy the answer before the
    // client read it: send FIN first and read what the client still sends (bounded), as Kestrel and Jetty do.
    private static void LingeringClose(Socket socket)
    {
        var scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            socket.ReceiveTimeout = 1000;
            for (var total = 0; total < 256 * 1024;)
            {
                var n = socket.Receive(scratch);
                if (n == 0)
                {
                    break;
                }
                total += n;
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Gone, reset or silent past the second.
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    // Answers one request; false when the connection must close after it.
    private bool ServeOne(Stream stream, Http1Input input, Http1RequestHead head)
    {
        var body = new Http1BodyReader(input, head.ContentLength);
        var keepAlive = head.KeepAlive;
        var method = head.Method;
        if (method is "TRACE" or "OPTIONS" or not ("POST" or "GET"))
        {
            // The body is not read: the connection cannot be reused unless there is none.
            var status = method is "TRACE" or "OPTIONS" ? 403 : 405;
            WriteError(stream, status, status == 403 ? "Forbidden" : "Method not allowed", close: true, headOnly: method == "HEAD");
            return false;
        }
        if (head.ExpectsContinue && head.IsHttp11 && !body.Done)
        {
            stream.Write(Continue);
            stream.Flush();
        }
        var request = new HttpSourceRequest(method, head.Path, head.Query, head.ContentType, head.ContentLength, body);
        List<FlumeEvent> events;
        try
        {
            events = _handler.GetEvents(request);
            body.Drain();
        }
        catch (HttpBadRequestException ex)
        {
            Counter.IncrementEventReadFail();
            Log.Warn("Source '{Source}': received a bad request: {Reason}", Name, ex.Message);
            return Error(stream, body, keepAlive, 400, "Bad request from client. " + ex.Message);
        }
        catch (IOException ex)
        {
            // The client went away or broke the framing (counted where a bad framing is answered): nothing was read
            // into the channel.
            if (ex is not Http1FormatException)
            {
                Counter.IncrementEventReadFail();
            }
            throw;
        }
        catch (Exception ex)
        {
            Counter.IncrementEventReadFail();
            Log.Warn("Source '{Source}': the handler failed: {Reason}", Name, ex.Message);
            return Error(stream, body, keepAlive, 500, "Deserializer threw unexpected exception. " + ex.Message);
        }
        Counter.IncrementAppendBatchReceived();
        Counter.AddEventsReceived(events.Count);
        var count = events.Count;
        try
        {
            lock (_processorLock)
            {
                _processor.ProcessBatch(events);
            }
        }
        catch (ChannelException ex)
        {
            Counter.IncrementChannelWriteFail();
            Log.Warn("Source '{Source}': the channel refused a batch of {Count} events (answered 503): {Reason}", Name, count, ex.Message);
            return Error(stream, body, keepAlive, 503, "Error appending event to channel. Channel might be full. Consider increasing the channel capacity or make sure the sinks perform faster. " + ex.Message);
        }
        catch (Exception ex)
        {
            Counter.IncrementGenericProcessingFail();
            Log.Warn(ex, "Source '{Source}': appending a batch failed (answered 500)", Name);
            return Error(stream, body, keepAlive, 500, "Unexpected error while appending event to channel. " + ex.Message);
        }
        Counter.IncrementAppendBatchAccepted();
        Counter.AddEventsAccepted(count);
        stream.Write(keepAlive ? Ok : OkClose);
        stream.Flush();
        return keepAlive;
    }

    // An error answer after the handler ran; the connection is reused only when the body was read to its end.
    private static bool Error(Stream stream, Http1BodyReader body, bool keepAlive, int status, string message)
    {
        var reuse = keepAlive && body.Done;
        WriteError(stream, status, message, close: !reuse);
        return reuse;
    }

    private static void WriteError(Stream stream, int status, string message, bool close, bool headOnly = false)
    {
        var text = Encoding.UTF8.GetBytes(message + "\n");
        var head = $"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {text.Length}\r\n{(close ? "Connection: close\r\n" : "")}\r\n";
        var bytes = new byte[Encoding.ASCII.GetByteCount(head) + (headOnly ? 0 : text.Length)];
        var n = Encoding.ASCII.GetBytes(head, bytes);
        if (!headOnly)
        {
            text.CopyTo(bytes, n);
        }
        stream.Write(bytes);
        stream.Flush();
    }

    private static void WriteQuietly(Stream stream, int status, string message)
    {
        try
        {
            WriteError(stream, status, message, close: true);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // The client is gone already.
        }
    }

    private static string Reason(int status) => status switch
    {
        400 => "Bad Request",
        403 => "Forbidden",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Error",
    };

    // The handshake is bounded by the socket's timeouts (the idle timeout).
    private SslStream Authenticate(Socket socket)
    {
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        try
        {
            ssl.AuthenticateAsServer(_tls!);
            return ssl;
        }
        catch
        {
            ssl.Dispose();
            throw;
        }
    }
}
