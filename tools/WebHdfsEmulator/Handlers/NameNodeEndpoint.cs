using FlumeNet.Tools.WebHdfsEmulator.Faults;
using FlumeNet.Tools.WebHdfsEmulator.Protocol;
using FlumeNet.Tools.WebHdfsEmulator.Security;
using Microsoft.AspNetCore.Http;

namespace FlumeNet.Tools.WebHdfsEmulator.Handlers;

/// <summary>
/// The NameNode's HTTP port: metadata operations directly, CREATE/APPEND/OPEN as a redirect to the DataNode.
/// A body sent with step one is read and thrown away, as the real NameNode ignores it.
/// </summary>
internal sealed class NameNodeEndpoint(EmulatorState state) : EndpointBase(state)
{
    protected override bool HttpFsStatuses => false;

    protected override async Task ServeAsync(HttpContext context)
    {
        var request = Parse(context, NodeRole.NameNode);
        State.Stats.CountRequest(NodeRole.NameNode, request.OpName, request.User);
        await DiscardBodyAsync(context).ConfigureAwait(false);
        if (State.Standby)
        {
            throw StandbyErrors.For(request.Op);
        }
        if (await State.FaultGate.EnterAsync(request, context.RequestAborted).ConfigureAwait(false) is { Kind: FaultKind.Reset or FaultKind.Partial })
        {
            ConnectionCuts.Cut(context);
            return;
        }
        var noRedirect = request.Params.GetBool("noredirect", false);
        switch (request.Op)
        {
            case WebHdfsOp.Create:
                await Redirects.SendAsync(context, Redirects.ToDataNode(State, request, overwriteByDefault: false), noRedirect).ConfigureAwait(false);
                break;
            case WebHdfsOp.Append:
                State.Namespace.LengthForRedirect(request.Path);
                await Redirects.SendAsync(context, Redirects.ToDataNode(State, request, overwriteByDefault: false), noRedirect).ConfigureAwait(false);
                break;
            case WebHdfsOp.Open:
                var length = State.Namespace.LengthForRedirect(request.Path);
                var offset = request.Params.GetLong("offset") ?? 0;
                if (offset < 0 || (offset >= length && length > 0))
                {
                    throw HdfsError.IO($"Offset={offset} out of the range [0, {length}); OPEN, path={request.Path}");
                }
                await Redirects.SendAsync(context, Redirects.ToDataNode(State, request, overwriteByDefault: false), noRedirect).ConfigureAwait(false);
                break;
            case WebHdfsOp.GetDelegationToken or WebHdfsOp.RenewDelegationToken or WebHdfsOp.CancelDelegationToken:
                await TokenOps.ServeAsync(context, request, State).ConfigureAwait(false);
                break;
            default:
                await MetadataOps.ServeAsync(context, request, State.Namespace).ConfigureAwait(false);
                break;
        }
    }
}
