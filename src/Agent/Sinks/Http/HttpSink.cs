using System.Net.Http.Headers;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sinks.Http;

/// <summary>
/// Flume's <c>http</c> sink (reference §4.2): one event per transaction, its body POSTed (headers are not sent) with the
/// configured Content-Type and Accept. The response status decides, through <c>rollback.CODE</c>/<c>backoff.CODE</c>/
/// <c>incrementMetrics.CODE</c> (exact code over <c>2XX</c> class over default), whether the event is rolled back and retried,
/// whether the runner backs off, and whether it counts as drained. An empty body is consumed without a request. A
/// connection or timeout failure rolls back and backs off.
/// </summary>
public sealed class HttpSink : ISink, IMeteredSink, IDisposable
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly HttpSinkOptions _options;
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly MediaTypeHeaderValue? _contentType;
    private string? _lastFailure;

    public HttpSink(string name, IChannel channel, HttpSinkOptions options)
    {
        Name = name;
        Channel = channel;
        _options = options;
        Counter = new SinkCounter(name);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            AllowAutoRedirect = true,
            UseCookies = false,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.ExpectContinue = false;
        _client.DefaultRequestHeaders.TryAddWithoutValidation("Accept", options.Accept);
        _contentType = MediaTypeHeaderValue.TryParse(options.ContentType, out var ct) ? ct : null;
    }

    public string Name { get; }

    public IChannel Channel { get; }

    public SinkCounter Counter { get; }

    public void Start() => Counter.Start();

    public void Stop()
    {
        _stop.Cancel();
        Counter.Stop();
    }

    public void Dispose()
    {
        _client.Dispose();
        _stop.Dispose();
    }

    public ProcessStatus Process()
    {
        using var tx = Channel.BeginTransaction();
        var e = tx.Take();
        if (e is null || e.Body.Length == 0)
        {
            tx.Commit();
            Counter.CountBatch(e is null ? 0 : 1, 1);
            return ProcessStatus.Backoff;
        }
        Counter.CountBatch(1, 1);
        Counter.AddDrainAttempts(1);
        int status;
        try
        {
            status = Send(e.Body);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
        {
            tx.Rollback();
            Counter.IncrementEventWriteFail();
            LogFailure($"cannot send to {_options.Endpoint}: {ex.Message}");
            return ProcessStatus.Backoff;
        }
        if (status < 100)
        {
            tx.Rollback();
            LogFailure($"unreadable response status from {_options.Endpoint}");
            return ProcessStatus.Backoff;
        }
        if (HttpSinkOptions.Decide(_options.Rollback, _options.DefaultRollback, status))
        {
            tx.Rollback();
            LogFailure($"{_options.Endpoint} answered {status}; the event is rolled back and will be resent");
        }
        else
        {
            tx.Commit();
            _lastFailure = null;
        }
        if (HttpSinkOptions.Decide(_options.IncrementMetrics, _options.DefaultIncrementMetrics, status))
        {
            Counter.AddDrainSuccesses(1);
        }
        return HttpSinkOptions.Decide(_options.Backoff, _options.DefaultBackoff, status) ? ProcessStatus.Backoff : ProcessStatus.Ready;
    }

    private int Send(byte[] body)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(_options.ConnectTimeout + _options.RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Endpoint) { Content = new ByteArrayContent(body) };
        if (_contentType is not null)
        {
            request.Content.Headers.ContentType = _contentType;
        }
        else
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", _options.ContentType);
        }
        using var response = _client.Send(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        // Read and close the response (or error) stream, as Flume does, so the connection is reused.
        using (var stream = response.Content.ReadAsStream(timeout.Token))
        {
            stream.CopyTo(Stream.Null);
        }
        return (int)response.StatusCode;
    }

    private void LogFailure(string cause)
    {
        if (cause != _lastFailure)
        {
            Log.Warn("Sink '{Sink}': {Cause}", Name, cause);
            _lastFailure = cause;
        }
    }
}
