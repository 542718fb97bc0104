using FlumeNet.Tools.WebHdfsEmulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace FlumeNet.Tools.WebHdfsEmulator.Security;

/// <summary>GETDELEGATIONTOKEN, RENEWDELEGATIONTOKEN and CANCELDELEGATIONTOKEN, each only for a Kerberos-authenticated caller.</summary>
internal static class TokenOps
{
    public static async Task ServeAsync(HttpContext context, WebHdfsRequest request, EmulatorState state)
    {
        if (!state.Options.Kerberos)
        {
            // Security off: Hadoop answers GETDELEGATIONTOKEN with a null token.
            await JsonResponses.WriteAsync(context.Response, StatusCodes.Status200OK, w =>
            {
                w.WriteStartObject();
                w.WriteNull("Token");
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }
        if (context.Items.ContainsKey(SpnegoGate.ViaTokenKey))
        {
            throw HdfsError.IO("Delegation Token can be issued only with kerberos or web authentication");
        }
        var caller = (string)context.Items[SpnegoGate.UserKey]!;
        switch (request.Op)
        {
            case WebHdfsOp.GetDelegationToken:
                var renewer = request.Params.Get("renewer") ?? caller;
                var token = state.Tokens.Issue(request.Params.Get("doas") ?? caller, renewer);
                await JsonResponses.WriteAsync(context.Response, StatusCodes.Status200OK, w =>
                {
                    w.WriteStartObject();
                    w.WriteStartObject("Token");
                    w.WriteString("urlString", token);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }).ConfigureAwait(false);
                break;
            case WebHdfsOp.RenewDelegationToken:
                var expiry = state.Tokens.Renew(Required(request), caller);
                await JsonResponses.WriteAsync(context.Response, StatusCodes.Status200OK, w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("long", expiry);
                    w.WriteEndObject();
                }).ConfigureAwait(false);
                break;
            default:
                state.Tokens.Cancel(Required(request), caller);
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = JsonResponses.JsonContentType;
                context.Response.ContentLength = 0;
                break;
        }
    }

    private static string Required(WebHdfsRequest request) =>
        request.Params.Get("token") ?? throw HdfsError.InvalidParameter("token", "Token is null");
}
