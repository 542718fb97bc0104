using FlumeNet.Agent.Net;

namespace FlumeNet.Agent.Sources.Http;

/// <summary>The http source's validated options (reference §4.1). <see cref="Handler"/> is the handler's Java class name.</summary>
public sealed record HttpSourceOptions(
    string Bind,
    int Port,
    string Handler,
    long MaxBlobLength,
    IReadOnlyList<string> MandatoryParameters,
    ServerTlsOptions? Tls = null)
{
    public const string JsonHandler = "org.apache.flume.source.http.JSONHandler";
    public const string MorphlineBlobHandler = "org.apache.flume.sink.solr.morphline.BlobHandler";
    public const string CoreBlobHandler = "org.apache.flume.source.http.BLOBHandler";
}
