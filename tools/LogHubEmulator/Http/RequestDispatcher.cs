using System.Security.Cryptography;
using FlumeNet.Tools.LogHubEmulator.Diagnostics;
using FlumeNet.Tools.LogHubEmulator.Protocol;
using FlumeNet.Tools.LogHubEmulator.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace FlumeNet.Tools.LogHubEmulator.Http;

/// <summary>
/// The one request pipeline: request id → admin API or (route → project from Host → signature → injected
/// fault → call) → statistics → response. Every answer carries <c>x-log-requestid</c>; every error is JSON.
/// </summary>
internal sealed class RequestDispatcher
{
    private const string AdminPrefix = "/_emulator";
    private const int MaxBodySize = 64 * 1024 * 1024;

    private readonly EmulatorStore _store;
    private readonly HostProjectResolver _projects;
    private readonly SignatureVerifier _verifier;
    private readonly FaultInjector _faults;
    private readonly RequestStatistics _statistics;
    private readonly ServiceConditions _conditions;
    private readonly LogHubApi _api;
    private readonly AdminApi _admin;
    private readonly TextWriter? _requestLog;

    public RequestDispatcher(
        EmulatorStore store, HostProjectResolver projects, SignatureVerifier verifier, FaultInjector faults, RequestStatistics statistics,
        ServiceConditions conditions, TextWriter? requestLog)
    {
        _conditions = conditions;
        _store = store;
        _projects = projects;
        _verifier = verifier;
        _faults = faults;
        _statistics = statistics;
        _requestLog = requestLog;
        _api = new LogHubApi(store, conditions);
        _admin = new AdminApi(store, faults, statistics, conditions);
    }

    public async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["x-log-requestid"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(rawTarget))
        {
            rawTarget = context.Request.Path + context.Request.QueryString;
        }

        var (path, query) = SplitTarget(rawTarget);
        if (path == AdminPrefix || path.StartsWith(AdminPrefix + "/", StringComparison.Ordinal))
        {
            Reply adminReply;
            try
            {
                adminReply = _admin.Handle(context.Request.Method, path[AdminPrefix.Length..].Trim('/'), query, await ReadBodyAsync(context));
            }
            catch (LogHubException error)
            {
                adminReply = Reply.Error(error);
            }

            await WriteAsync(context, adminReply);
            return;
        }

        Reply reply;
        var operation = Operations.Unknown;
        try
        {
            var request = new IncomingRequest(context.Request.Method, path, query, Headers(context.Request), await ReadBodyAsync(context));
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(RawQuery.Decode).ToList();
            var route = OperationRouter.Match(request.Method, segments, request.QueryValue)
                ?? throw LogHubErrors.ParameterInvalid($"no LogHub call matches {request.Method} {path}");
            operation = route.Operation;
            var project = route.Operation == Operations.CreateProject
                ? null
                : _store.ResolveProject(_projects.Resolve(context.Request.Headers.Host.ToString()));
            var keyId = _verifier.Verify(request);
            _conditions.CheckAllowed(keyId, route, project, request.Header("x-acs-security-token"));

            LogHubFault? stall = null;
            string? replacedBody = null;
            if (_faults.Take(operation, route.Logstore, route.ShardId, keyId) is { } fault)
            {
                if (fault.DelayMs > 0)
                {
                    await Task.Delay(fault.DelayMs, context.RequestAborted);
                }

                if (fault.AbortConnection)
                {
                    _statistics.Record(operation, 0, "AbortConnection");
                    context.Abort();
                    return;
                }

                if (fault.Status > 0)
                {
                    throw new LogHubException(fault.Status, fault.ErrorCodeOrDefault(operation), fault.ErrorMessage ?? "injected fault");
                }

                if (fault.StallBodyMs > 0)
                {
                    stall = fault;
                }

                replacedBody = fault.Body;
            }

            reply = _api.Handle(route, project, request);
            if (replacedBody is not null && reply.Status == 200)
            {
                reply = reply with { Body = System.Text.Encoding.UTF8.GetBytes(replacedBody), ContentType = Reply.JsonType };
            }

            if (stall is not null)
            {
                _statistics.Record(operation, reply.Status, "StalledBody");
                await WriteStalledAsync(context, reply, stall.StallBodyMs);
                return;
            }
        }
        catch (LogHubException error)
        {
            reply = Reply.Error(error);
        }
        catch (BadHttpRequestException error)
        {
            reply = Reply.Error(new LogHubException(400, "PostBodyTooLarge", error.Message));
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // An emulator bug: still answer in LogHub's error shape, and say what broke.
            reply = Reply.Error(new LogHubException(500, "InternalServerError", $"{error.GetType().Name}: {error.Message}"));
        }

        _statistics.Record(operation, reply.Status, reply.ErrorCode);
        _requestLog?.WriteLine($"{context.Request.Method} {rawTarget} Host={context.Request.Headers.Host} -> {reply.Status} {operation} {reply.ErrorCode}");
        await WriteAsync(context, reply);
    }

    private static (string Path, IReadOnlyList<KeyValuePair<string, string>> Query) SplitTarget(string rawTarget)
    {
        if (Uri.TryCreate(rawTarget, UriKind.Absolute, out var absolute) && rawTarget.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            rawTarget = absolute.PathAndQuery;
        }

        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        return question < 0
            ? (rawTarget, [])
            : (rawTarget[..question], RawQuery.Parse(rawTarget[(question + 1)..]));
    }

    private static List<KeyValuePair<string, string>> Headers(HttpRequest request)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers)
        {
            headers.Add(new KeyValuePair<string, string>(name, string.Join(",", values.ToArray())));
        }

        return headers;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength is > MaxBodySize)
        {
            throw new LogHubException(400, "PostBodyTooLarge", $"body exceeds {MaxBodySize} bytes");
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    /// <summary>Headers and half the body, then nothing until the client gives up (or the stall ends: the connection is cut).</summary>
    private static async Task WriteStalledAsync(HttpContext context, Reply reply, int stallMs)
    {
        var response = context.Response;
        response.StatusCode = reply.Status;
        if (reply.ContentType is not null)
        {
            response.ContentType = reply.ContentType;
        }

        foreach (var (name, value) in reply.Headers)
        {
            response.Headers[name] = value;
        }

        response.ContentLength = Math.Max(reply.Body.Length, 2);
        try
        {
            await response.Body.WriteAsync(reply.Body.AsMemory(0, reply.Body.Length / 2), context.RequestAborted);
            await response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(stallMs, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, as it should.
        }

        context.Abort();
    }

    private static async Task WriteAsync(HttpContext context, Reply reply)
    {
        var response = context.Response;
        response.StatusCode = reply.Status;
        if (reply.ContentType is not null)
        {
            response.ContentType = reply.ContentType;
        }

        foreach (var (name, value) in reply.Headers)
        {
            response.Headers[name] = value;
        }

        response.ContentLength = reply.Body.Length;
        await response.Body.WriteAsync(reply.Body, context.RequestAborted);
    }
}
