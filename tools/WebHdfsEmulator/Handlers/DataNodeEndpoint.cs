using FlumeNet.Tools.WebHdfsEmulator.Faults;
using FlumeNet.Tools.WebHdfsEmulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace FlumeNet.Tools.WebHdfsEmulator.Handlers;

/// <summary>
/// The DataNode's HTTP port: the second step of CREATE (201 + Location), APPEND (200) and OPEN (the bytes).
/// Like a real DataNode it insists on the namenoderpcaddress the NameNode's redirect carries.
/// </summary>
internal sealed class DataNodeEndpoint(EmulatorState state) : EndpointBase(state)
{
    protected override bool HttpFsStatuses => false;

    protected override bool IsDataNode => true;

    protected override async Task ServeAsync(HttpContext context)
    {
        var request = Parse(context, NodeRole.DataNode);
        if (!WebHdfsOps.HasDataStep(request.Op))
        {
            throw HdfsError.IllegalArgument($"Invalid operation {request.OpName}");
        }
        var nameNode = request.Params.Get("namenoderpcaddress") ?? throw HdfsError.IllegalArgument("namenoderpcaddress is not specified.");
        State.Stats.CountRequest(NodeRole.DataNode, request.OpName, request.User);
        var fault = await State.FaultGate.EnterAsync(request, context.RequestAborted).ConfigureAwait(false);
        if (fault is { Kind: FaultKind.Reset })
        {
            await ConnectionCuts.ResetAsync(context).ConfigureAwait(false);
            if (request.Op != WebHdfsOp.Open)
            {
                State.Transfer.LingerAfterCut(request);
            }
            return;
        }
        var partial = fault is { Kind: FaultKind.Partial };
        if (request.Op == WebHdfsOp.Open)
        {
            await State.Transfer.DownloadAsync(context, request, partial).ConfigureAwait(false);
            return;
        }
        if (!await State.Transfer.UploadAsync(context, request, overwriteByDefault: false, partial).ConfigureAwait(false))
        {
            return;
        }
        if (request.Op == WebHdfsOp.Create)
        {
            context.Response.Headers.Location = $"{(State.Options.TlsCertificate is null ? "webhdfs" : "swebhdfs")}://{nameNode}{request.Path.ToUrlPath()}";
            await EmptyAsync(context.Response, StatusCodes.Status201Created).ConfigureAwait(false);
        }
        else
        {
            await EmptyAsync(context.Response, StatusCodes.Status200OK).ConfigureAwait(false);
        }
    }
}
