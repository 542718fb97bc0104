using FlumeNet.Tools.WebHdfsEmulator.Protocol;
using FlumeNet.Tools.WebHdfsEmulator.Security;
using Microsoft.AspNetCore.Http;

namespace FlumeNet.Tools.WebHdfsEmulator.Handlers;

/// <summary>
/// Common frame of the NameNode, DataNode and HttpFS endpoints: turns failures into RemoteException responses with
/// the endpoint's status mapping and counts every response.
/// </summary>
internal abstract class EndpointBase(EmulatorState state)
{
    protected EmulatorState State { get; } = state;

    /// <summary>HttpFS maps IOExceptions to 500 where the NameNode and DataNode answer 403.</summary>
    protected abstract bool HttpFsStatuses { get; }

    /// <summary>DataNodes accept only delegation tokens, no SPNEGO.</summary>
    protected virtual bool IsDataNode => false;

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            if (!WebHdfsRequest.IsWebHdfsPath(context))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync($"Not found: {context.Request.Path}").ConfigureAwait(false);
            }
            else if (!WebHdfsOps.IsWebHdfsMethod(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            }
            else if (State.Options.RequireCsrfHeader && context.Request.Method is "PUT" or "POST" or "DELETE"
                && !context.Request.Headers.ContainsKey("X-XSRF-HEADER"))
            {
                // Hadoop's RestCsrfPreventionFilter answers 400 with this reason.
                throw new HdfsError(JavaExceptionType.IllegalArgument, "Missing Required Header for CSRF Vulnerability Protection");
            }
            else if (State.Options.Kerberos && !await SpnegoGate.AuthenticateAsync(context, State.Tokens, IsDataNode).ConfigureAwait(false))
            {
                // 401 Negotiate written.
            }
            else
            {
                await ServeAsync(context).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            if (ConnectionCuts.WasAborted(context))
            {
                // Nobody is listening any more.
            }
            else if (context.Response.HasStarted)
            {
                ConnectionCuts.Cut(context);
            }
            else
            {
                var error = Translate(e);
                var status = error.StatusOverride ?? (HttpFsStatuses ? StatusMapping.HttpFs(error.Type.Family) : StatusMapping.WebHdfs(error.Type.Family));
                context.Response.Clear();
                if (error.Type.Family == JavaExceptionFamily.Security)
                {
                    context.Response.Headers.WWWAuthenticate = "Negotiate";
                }
                await JsonResponses.RemoteExceptionAsync(context.Response, status, error).ConfigureAwait(false);
            }
        }
        finally
        {
            // Count first, cut last: whoever sees the connection drop must find the request counted already.
            State.Stats.CountResponse(ConnectionCuts.WasAborted(context) ? null : context.Response.StatusCode);
            ConnectionCuts.DropIfCut(context);
        }
    }

    protected abstract Task ServeAsync(HttpContext context);

    /// <summary>Parses the request, counting it as invalid when its op or path is unusable.</summary>
    protected WebHdfsRequest Parse(HttpContext context, NodeRole role)
    {
        try
        {
            return WebHdfsRequest.Parse(context, role, State.Options.RequireUser);
        }
        catch (HdfsError)
        {
            State.Stats.CountInvalid();
            throw;
        }
    }

    /// <summary>Drains a body the NameNode role has no use for, counting that one arrived.</summary>
    protected async Task DiscardBodyAsync(HttpContext context)
    {
        if (await ConnectionCuts.DiscardBodyAsync(context).ConfigureAwait(false) > 0)
        {
            State.Stats.CountNameNodeBody();
        }
    }

    protected static Task EmptyAsync(HttpResponse response, int status)
    {
        response.StatusCode = status;
        response.ContentType = "application/octet-stream";
        response.ContentLength = 0;
        return Task.CompletedTask;
    }

    private static HdfsError Translate(Exception e) => e switch
    {
        HdfsError error => error,
        IOException or UnauthorizedAccessException => HdfsError.IO(e.Message),
        _ => new HdfsError(JavaExceptionType.Runtime, e.Message),
    };
}
