using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Sources.Http;

/// <summary>
/// Turns one HTTP request into the events of one batch (Flume's HTTPSourceHandler). Throws
/// <see cref="HttpBadRequestException"/> for a malformed body (answered 400); any other exception is answered 500.
/// An <see cref="IOException"/> from reading the body means the client went away: nothing is answered. Implementations are
/// thread-safe: requests are handled concurrently (each connection on its own thread).
/// </summary>
public interface IHttpSourceHandler
{
    List<FlumeEvent> GetEvents(HttpSourceRequest request);
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
