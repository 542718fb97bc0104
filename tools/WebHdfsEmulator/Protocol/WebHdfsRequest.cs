using FlumeNet.Tools.WebHdfsEmulator.Namespace;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace FlumeNet.Tools.WebHdfsEmulator.Protocol;

/// <summary>A parsed /webhdfs/v1 request: operation, path, parameters and the effective user.</summary>
internal sealed record WebHdfsRequest(WebHdfsOp Op, HdfsPath Path, RequestParams Params, string User, NodeRole Role)
{
    public const string Prefix = "/webhdfs/v1";

    /// <summary>The user of a request without user.name when security is off (Hadoop's static web user).</summary>
    public const string AnonymousUser = "dr.who";

    public string OpName => WebHdfsOps.Name(Op);

    /// <summary>True when the raw request path is under /webhdfs/v1.</summary>
    public static bool IsWebHdfsPath(HttpContext context) =>
        RawPath(context) is var path && (path == Prefix || path.StartsWith(Prefix + "/", StringComparison.Ordinal));

    /// <summary>
    /// Parses in the order the servers check: authentication first, then the op parameter, then the path.
    /// </summary>
    public static WebHdfsRequest Parse(HttpContext context, NodeRole role, bool requireUser)
    {
        var parameters = new RequestParams(context.Request.Query);
        var userName = parameters.Get("user.name");
        if (requireUser && userName is null && parameters.Get("delegation") is null)
        {
            throw new HdfsError(JavaExceptionType.Security,
                "Failed to obtain user group information: java.io.IOException: Security enabled but user not authenticated by filter");
        }
        var op = WebHdfsOps.Parse(context.Request.Method, parameters.Get("op"));
        var rawPath = RawPath(context)[Prefix.Length..];
        var path = HdfsPath.Parse(Uri.UnescapeDataString(rawPath));
        // With security on the authenticated name counts, never user.name.
        var authenticated = context.Items[Security.SpnegoGate.UserKey] as string;
        var user = parameters.Get("doas") ?? authenticated ?? userName ?? AnonymousUser;
        return new WebHdfsRequest(op, path, parameters, user, role);
    }

    /// <summary>The undecoded path of the request target, so that %2F is decoded like any other escape.</summary>
    private static string RawPath(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var query = target.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? target : target[..query];
    }
}
