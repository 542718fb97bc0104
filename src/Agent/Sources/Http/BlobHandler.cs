using System.Text;
using FlumeNet.Agent.Core;
using NLog;

namespace FlumeNet.Agent.Sources.Http;

/// <summary>
/// The blob handlers (reference §4.1.2): the request body becomes one event. The morphline <c>BlobHandler</c> keeps at
/// most <c>handler.maxBlobLength</c> bytes (the rest is read and ignored, with a warning) and puts <c>Content-Type</c> and
/// the query parameters (first value each) in the headers. The core <c>BLOBHandler</c> keeps the whole body, puts the
/// parameters (query string, and form fields of an urlencoded body) in the headers, and refuses a request that lacks one of
/// <c>handler.mandatoryParameters</c> (500, as in Flume).
/// </summary>
public sealed class BlobHandler : IHttpSourceHandler
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly long _maxBlobLength;
    private readonly bool _contentTypeHeader;
    private readonly IReadOnlyList<string> _mandatory;

    private BlobHandler(long maxBlobLength, bool contentTypeHeader, IReadOnlyList<string> mandatory)
    {
        _maxBlobLength = maxBlobLength;
        _contentTypeHeader = contentTypeHeader;
        _mandatory = mandatory;
    }

    public static BlobHandler Morphline(long maxBlobLength) => new(Math.Max(1, maxBlobLength), contentTypeHeader: true, []);

    public static BlobHandler Core(IReadOnlyList<string> mandatoryParameters) => new(Array.MaxLength, contentTypeHeader: false, mandatoryParameters);

    public List<FlumeEvent> GetEvents(HttpSourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_contentTypeHeader && request.ContentType is { } type)
        {
            headers["Content-Type"] = type;
        }
        HttpSourceRequest.AddParameters(request.QueryString, headers);
        byte[] body;
        if (!_contentTypeHeader && request.HasFormContentType)
        {
            // The servlet container reads an urlencoded body as parameters; the event body is then empty.
            using var form = RequestBody.Read(request, Array.MaxLength);
            HttpSourceRequest.AddParameters(Encoding.UTF8.GetString(form.Span), headers);
            body = [];
        }
        else
        {
            using var blob = RequestBody.Read(request, _maxBlobLength);
            if (blob.Truncated)
            {
                Log.Warn("Request body longer than handler.maxBlobLength ({Max} bytes); the rest was ignored", _maxBlobLength);
            }
            body = blob.Span.ToArray();
        }
        foreach (var name in _mandatory)
        {
            if (!headers.ContainsKey(name))
            {
                throw new ArgumentException($"Please specify {name} parameter in the request.");
            }
        }
        return [new FlumeEvent(body, headers)];
    }
}
