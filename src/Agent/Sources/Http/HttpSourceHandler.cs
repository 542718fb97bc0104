using FlumeNet.Agent.Core;
using Microsoft.AspNetCore.Http;

namespace FlumeNet.Agent.Sources.Http;

/// <summary>
/// Turns one HTTP request into the events of one batch (Flume's HTTPSourceHandler). Throws
/// <see cref="HttpBadRequestException"/> for a malformed body (answered 400); any other exception is answered 500.
/// Implementations are thread-safe: requests are handled concurrently.
/// </summary>
public interface IHttpSourceHandler
{
    Task<List<FlumeEvent>> GetEventsAsync(HttpRequest request, CancellationToken ct);
}

/// <summary>The request body is malformed (Flume's HTTPBadRequestException): the source answers 400.</summary>
public sealed class HttpBadRequestException : Exception
{
    public HttpBadRequestException()
    {
    }

    public HttpBadRequestException(string message)
        : base(message)
    {
    }

    public HttpBadRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
