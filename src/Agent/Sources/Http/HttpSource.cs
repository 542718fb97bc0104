using System.Net;
using System.Text;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using FlumeNet.Agent.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NLog;

namespace FlumeNet.Agent.Sources.Http;

/// <summary>
/// Flume's <c>http</c> source (reference §4.1) on Kestrel: every path, GET handled as POST, TRACE and OPTIONS 403, other
/// methods 405. One request is one batch in one transaction per channel: 200 (empty body) only after the commit, 400 when
/// the handler finds the body malformed, 500 for other handler failures, 503 when a channel refuses the batch
/// (ChannelException, e.g. full), so the client knows whether to retry and nothing answered 200 is lost.
/// </summary>
public sealed class HttpSource : IEventDrivenSource, IMeteredSource
{
    private static readonly NLog.Logger Log = LogManager.GetCurrentClassLogger();
    private readonly HttpSourceOptions _options;
    private readonly ChannelProcessor _processor;
    private readonly IHttpSourceHandler _handler;
    private readonly object _processorLock = new();
    private WebApplication? _app;

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

    public int BoundPort { get; private set; }

    public void Start()
    {
        Counter.Start();
        var tls = _options.Tls is { } tlsOptions ? ServerTls.LoadAtStart(tlsOptions, Name) : null;
        var address = ResolveBind(_options.Bind);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, NoopHostLifetime>();
        // Requests carry whole batches (tens of KB): a read goes straight into the buffer (no zero-byte read first, one
        // syscall less per read), and the request runs on the thread that completed the read (no hop through Kestrel's
        // I/O queue and the thread pool per read). The handler blocks only as long as the channel put, as Jetty's does.
        builder.WebHost.UseSockets(sockets =>
        {
            sockets.WaitForDataBeforeAllocatingBuffer = false;
            sockets.UnsafePreferInlineScheduling = true;
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            // Jetty's idle timeout is 30 s; a client slower than that is cut off without anything committed.
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(1, TimeSpan.FromSeconds(30));
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(30);
            kestrel.Listen(address, _options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                if (tls is not null)
                {
                    listen.UseHttps(https =>
                    {
                        https.ServerCertificate = tls.Certificate;
                        https.SslProtocols = tls.Protocols;
                        https.OnAuthenticate = (_, ssl) => ssl.CipherSuitesPolicy = tls.CipherSuites;
                    });
                }
            });
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        try
        {
            app.StartAsync().GetAwaiter().GetResult();
        }
        catch (IOException ex)
        {
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new IOException($"http source '{Name}' cannot listen on {_options.Bind}:{_options.Port}: {ex.Message}", ex);
        }
        _app = app;
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BoundPort = new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal)).Port;
        Log.Info("Source '{Source}' listening for HTTP{Tls} on {Bind}:{Port} with {Handler}", Name, tls is null ? "" : "S",
            _options.Bind, BoundPort, _options.Handler);
    }

    public void Stop()
    {
        if (_app is { } app)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                app.StopAsync(cts.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                // Requests still running past the limit are aborted; none of them was answered 200.
            }
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _app = null;
        }
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

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (HttpMethods.IsTrace(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        if (!HttpMethods.IsPost(request.Method) && !HttpMethods.IsGet(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        List<FlumeEvent> events;
        try
        {
            events = await _handler.GetEventsAsync(request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpBadRequestException ex)
        {
            Counter.IncrementEventReadFail();
            Log.Warn("Source '{Source}': received a bad request: {Reason}", Name, ex.Message);
            await Error(response, StatusCodes.Status400BadRequest, "Bad request from client. " + ex.Message).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            // The client went away or sent a broken request: nothing was read into the channel.
            Counter.IncrementEventReadFail();
            Log.Debug("Source '{Source}': request aborted: {Reason}", Name, ex.Message);
            return;
        }
        catch (Exception ex)
        {
            Counter.IncrementEventReadFail();
            Log.Warn("Source '{Source}': the handler failed: {Reason}", Name, ex.Message);
            await Error(response, StatusCodes.Status500InternalServerError, "Deserializer threw unexpected exception. " + ex.Message).ConfigureAwait(false);
            return;
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
            await Error(response, StatusCodes.Status503ServiceUnavailable, "Error appending event to channel. Channel might be full. Consider increasing the channel capacity or make sure the sinks perform faster. " + ex.Message).ConfigureAwait(false);
            return;
        }
        catch (Exception ex)
        {
            Counter.IncrementGenericProcessingFail();
            Log.Warn(ex, "Source '{Source}': appending a batch failed (answered 500)", Name);
            await Error(response, StatusCodes.Status500InternalServerError, "Unexpected error while appending event to channel. " + ex.Message).ConfigureAwait(false);
            return;
        }
        Counter.IncrementAppendBatchAccepted();
        Counter.AddEventsAccepted(count);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentLength = 0;
    }

    private static Task Error(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(message + "\n", Encoding.UTF8);
    }

    private sealed class NoopHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
