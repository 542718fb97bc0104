using System.Collections.Concurrent;
using System.Net;
using System.Text;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Sinks.Http;
using FlumeNet.Agent.Tests.Support;
using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;

namespace FlumeNet.Agent.Tests.Sinks.Http;

/// <summary>The http sink against a test HTTP server answering chosen codes (TestHttpSink's behaviours, reference §4.2).</summary>
public sealed class HttpSinkTests : IDisposable
{
    private readonly HttpListener _server = new();
    private readonly ConcurrentQueue<int> _codes = new();
    private readonly ConcurrentQueue<(string Body, string? ContentType, string? Accept, string? Header)> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly int _port;
    private Exception? _failure;

    public HttpSinkTests()
    {
        _port = AgentProcess.FreePort();
        _server.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _server.Start();
        _loop = Task.Run(Serve);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _server.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed.
        }
        Assert.Null(_failure);
    }

    private async Task Serve()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _server.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _failure = ex;
                return;
            }
            try
            {
                using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
                _requests.Enqueue((await reader.ReadToEndAsync(), ctx.Request.ContentType, ctx.Request.Headers["Accept"], ctx.Request.Headers["h"]));
                ctx.Response.StatusCode = _codes.TryDequeue(out var code) ? code : 200;
                ctx.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException)
            {
                // The sink gave up on this request.
            }
        }
    }

    private (HttpSink Sink, MemoryChannel Channel) Sink(params (string Key, string Value)[] props)
    {
        var list = new List<ConfigProperty> { new("endpoint", $"http://127.0.0.1:{_port}/in", "a1.sinks.k1.endpoint", SourceLocation.None) };
        foreach (var (k, v) in props)
        {
            list.Add(new ConfigProperty(k, v, "a1.sinks.k1." + k, SourceLocation.None));
        }
        var channel = new MemoryChannel("c1", new MemoryChannelOptions(100, 10, TimeSpan.FromMilliseconds(10)));
        var sink = (HttpSink)HttpSinkBinding.Factory.Sink!(new BoundOptions("k1", list, SinkSpecs.Http), channel);
        sink.Start();
        return (sink, channel);
    }

    private static void Put(MemoryChannel channel, string body)
    {
        using var tx = channel.BeginTransaction();
        tx.Put(new FlumeEvent(Encoding.UTF8.GetBytes(body), new Dictionary<string, string> { ["h"] = "not sent" }));
        tx.Commit();
    }

    [Fact]
    public void Defaults_RollBackAndBackOff_Even200()
    {
        var (sink, channel) = Sink();
        Put(channel, "e1");
        Assert.Equal(ProcessStatus.Backoff, sink.Process());
        Assert.Equal(1, channel.Count);
        Assert.Equal(0, sink.Counter.EventDrainSuccessCount);
        Assert.Equal(1, sink.Counter.EventDrainAttemptCount);
    }

    [Fact]
    public void DocumentedExample_Commits200_Ready_Counted_SendsBodyOnly()
    {
        var (sink, channel) = Sink(("rollback.200", "false"), ("backoff.200", "false"), ("incrementMetrics.200", "true"),
            ("contentTypeHeader", "application/json"), ("acceptHeader", "application/json"));
        Put(channel, "{\"a\":1}");
        Assert.Equal(ProcessStatus.Ready, sink.Process());
        Assert.Equal(0, channel.Count);
        Assert.Equal(1, sink.Counter.EventDrainSuccessCount);
        Assert.True(_requests.TryDequeue(out var r));
        Assert.Equal("{\"a\":1}", r.Body);
        Assert.Equal("application/json", r.ContentType);
        Assert.Equal("application/json", r.Accept);
        Assert.Null(r.Header);
    }

    [Fact]
    public void ExactCode_BeatsClass_BeatsDefault()
    {
        var (sink, channel) = Sink(("rollback.2XX", "false"), ("rollback.201", "true"), ("backoff.2XX", "false"), ("defaultRollback", "true"));
        Put(channel, "a");
        _codes.Enqueue(201);
        Assert.Equal(ProcessStatus.Ready, sink.Process());
        Assert.Equal(1, channel.Count);
        _codes.Enqueue(202);
        Assert.Equal(ProcessStatus.Ready, sink.Process());
        Assert.Equal(0, channel.Count);
        Put(channel, "b");
        _codes.Enqueue(503);
        Assert.Equal(ProcessStatus.Backoff, sink.Process());
        Assert.Equal(1, channel.Count);
    }

    [Fact]
    public void LowerCaseClass_NeverMatches()
    {
        var (sink, channel) = Sink(("rollback.2xx", "false"));
        Put(channel, "a");
        sink.Process();
        Assert.Equal(1, channel.Count);
    }

    [Fact]
    public void EmptyBody_IsConsumedWithoutARequest()
    {
        var (sink, channel) = Sink();
        Put(channel, "");
        Assert.Equal(ProcessStatus.Backoff, sink.Process());
        Assert.Equal(0, channel.Count);
        Assert.Empty(_requests);
    }

    [Fact]
    public void ConnectionRefused_RollsBack_CountsWriteFail()
    {
        var list = new List<ConfigProperty> { new("endpoint", $"http://127.0.0.1:{AgentProcess.FreePort()}/", "a1.sinks.k1.endpoint", SourceLocation.None) };
        var channel = new MemoryChannel("c1", new MemoryChannelOptions(100, 10, TimeSpan.FromMilliseconds(10)));
        var sink = (HttpSink)HttpSinkBinding.Factory.Sink!(new BoundOptions("k1", list, SinkSpecs.Http), channel);
        sink.Start();
        Put(channel, "x");
        Assert.Equal(ProcessStatus.Backoff, sink.Process());
        Assert.Equal(1, channel.Count);
        Assert.Equal(1, sink.Counter.EventWriteFail);
    }

    [Fact]
    public void ServerError_WithRollbackOff_IsDropped_AsConfigured()
    {
        var (sink, channel) = Sink(("rollback.5XX", "false"), ("incrementMetrics.5XX", "false"));
        Put(channel, "x");
        _codes.Enqueue(500);
        Assert.Equal(ProcessStatus.Backoff, sink.Process());
        Assert.Equal(0, channel.Count);
        Assert.Equal(0, sink.Counter.EventDrainSuccessCount);
    }
}
