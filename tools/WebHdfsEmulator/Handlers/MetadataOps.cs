using FlumeNet.Tools.WebHdfsEmulator.Namespace;
using FlumeNet.Tools.WebHdfsEmulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace FlumeNet.Tools.WebHdfsEmulator.Handlers;

/// <summary>The operations the NameNode (or HttpFS) answers by itself, without a data step.</summary>
internal static class MetadataOps
{
    public static Task ServeAsync(HttpContext context, WebHdfsRequest request, LocalNamespace ns)
    {
        var response = context.Response;
        var p = request.Params;
        switch (request.Op)
        {
            case WebHdfsOp.GetFileStatus:
                return JsonResponses.FileStatusAsync(response, ns.GetStatus(request.Path));
            case WebHdfsOp.ListStatus:
                return JsonResponses.FileStatusesAsync(response, ns.List(request.Path));
            case WebHdfsOp.GetHomeDirectory:
                return JsonResponses.PathAsync(response, "/user/" + request.User);
            case WebHdfsOp.Mkdirs:
                return JsonResponses.BooleanAsync(response, ns.Mkdirs(request.Path, p.GetPermission(), request.User));
            case WebHdfsOp.Rename:
                return JsonResponses.BooleanAsync(response, ns.Rename(request.Path, Destination(p)));
            case WebHdfsOp.Delete:
                return JsonResponses.BooleanAsync(response, ns.Delete(request.Path, p.GetBool("recursive", false)));
            case WebHdfsOp.Truncate:
                var newLength = p.GetLong("newlength") ?? throw HdfsError.InvalidParameter("newlength", "newlength is not specified.");
                return JsonResponses.BooleanAsync(response, ns.Truncate(request.Path, newLength, ns.Leases.NewHolderName()));
            case WebHdfsOp.SetPermission:
                ns.SetPermission(request.Path, p.GetPermission() ?? LocalNamespace.DefaultDirectoryPermission);
                return Ok(response);
            case WebHdfsOp.SetOwner:
                var owner = p.Get("owner");
                var group = p.Get("group");
                if (owner is null && group is null)
                {
                    throw HdfsError.IllegalArgument("Both owner and group are empty.");
                }
                ns.SetOwner(request.Path, owner, group);
                return Ok(response);
            default:
                throw HdfsError.Unsupported($"op={request.OpName} is not supported");
        }
    }

    private static HdfsPath Destination(RequestParams p)
    {
        var value = p.Get("destination");
        if (value is null || !value.StartsWith('/'))
        {
            throw HdfsError.InvalidParameter("destination", $"Invalid parameter value: destination = \"{value ?? "null"}\" is not an absolute path.");
        }
        return HdfsPath.Parse(value);
    }

    private static Task Ok(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/octet-stream";
        response.ContentLength = 0;
        return Task.CompletedTask;
    }
}
