using FlumeNet.Tools.WebHdfsEmulator.Faults;
using FlumeNet.Tools.WebHdfsEmulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace FlumeNet.Tools.WebHdfsEmulator.Handlers;

/// <summary>
/// An HttpFS gateway on one port: CREATE/APPEND without data=true redirect back here with data=true added; with it
/// the body is stored in the same request, provided it is declared application/octet-stream. OPEN streams directly.
/// CREATE overwrites by default (HttpFS's default, unlike WebHDFS) and IOExceptions map to 500.
/// </summary>
internal sealed class HttpFsEndpoint(EmulatorState state) : EndpointBase(state)
{
    public const string UploadContentType = "application/octet-stream";

    protected override bool HttpFsStatuses => true;

    protected override async Task ServeAsync(HttpContext context)
    {
        var parsed = Parse(context, NodeRole.NameNode);
        var upload = parsed.Op is WebHdfsOp.Create or WebHdfsOp.Append && parsed.Params.GetBool("data", false);
        var request = upload || parsed.Op == WebHdfsOp.Open ? parsed with { Role = NodeRole.DataNode } : parsed;
        State.Stats.CountRequest(request.Role, request.OpName, request.User);
        if (request.Role == NodeRole.NameNode)
        {
            await DiscardBodyAsync(context).ConfigureAwait(false);
        }
        if (State.Standby)
        {
            throw StandbyErrors.For(request.Op);
        }
        if (upload && !IsOctetStream(context.Request.ContentType))
        {
            throw HdfsError.IllegalArgument($"Data upload requests must have content-type set to '{UploadContentType}'");
        }
        var fault = await State.FaultGate.EnterAsync(request, context.RequestAborted).ConfigureAwait(false);
        if (fault is { Kind: FaultKind.Reset } || (fault is { Kind: FaultKind.Partial } && request.Role == NodeRole.NameNode))
        {
            await ConnectionCuts.ResetAsync(context).ConfigureAwait(false);
            if (upload)
            {
                State.Transfer.LingerAfterCut(request);
            }
            return;
        }
        var partial = fault is { Kind: FaultKind.Partial };
        switch (request.Op)
        {
            case WebHdfsOp.Create or WebHdfsOp.Append when !upload:
                var location = Redirects.ToHttpFsUpload(context, State.NameNodePort, request);
                await Redirects.SendAsync(context, location, request.Params.GetBool("noredirect", false)).ConfigureAwait(false);
                break;
            case WebHdfsOp.Create or WebHdfsOp.Append:
                if (!await State.Transfer.UploadAsync(context, request, overwriteByDefault: true, partial).ConfigureAwait(false))
                {
                    return;
                }
                if (request.Op == WebHdfsOp.Create)
                {
                    context.Response.Headers.Location = $"{State.Scheme}://127.0.0.1:{State.NameNodePort}{WebHdfsRequest.Prefix}{request.Path.ToUrlPath()}";
                    await EmptyAsync(context.Response, StatusCodes.Status201Created).ConfigureAwait(false);
                }
                else
                {
                    await EmptyAsync(context.Response, StatusCodes.Status200OK).ConfigureAwait(false);
                }
                break;
            case WebHdfsOp.Open:
                await State.Transfer.DownloadAsync(context, request, partial).ConfigureAwait(false);
                break;
            default:
                await MetadataOps.ServeAsync(context, request, State.Namespace).ConfigureAwait(false);
                break;
        }
    }

    private static bool IsOctetStream(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return string.Equals(mediaType, UploadContentType, StringComparison.OrdinalIgnoreCase);
    }
}
