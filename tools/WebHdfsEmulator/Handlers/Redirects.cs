using System.Globalization;
using System.Text;
using FlumeNet.Tools.WebHdfsEmulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace FlumeNet.Tools.WebHdfsEmulator.Handlers;

/// <summary>Step one of the two-step operations: where the client must send (or fetch) the bytes.</summary>
internal static class Redirects
{
    /// <summary>
    /// The NameNode's redirect to the DataNode: op, the user parameters, namenoderpcaddress, then the op's own
    /// parameters sorted by name, as Hadoop builds it. Clients must treat it as opaque.
    /// </summary>
    public static Uri ToDataNode(EmulatorState state, WebHdfsRequest request, bool overwriteByDefault)
    {
        var p = request.Params;
        var query = new List<(string Name, string? Value)>
        {
            ("op", request.OpName),
            ("doas", p.Get("doas")),
            ("user.name", p.Get("user.name")),
            ("namenoderpcaddress", state.NameNodeAddress),
        };
        if (state.Options.Kerberos)
        {
            // As the NameNode does: the DataNode takes no SPNEGO, so the redirect carries a token for the caller.
            query.Insert(1, ("delegation", p.Get("delegation") ?? state.Tokens.Issue(request.User, request.User)));
        }
        switch (request.Op)
        {
            case WebHdfsOp.Create:
                query.Add(("blocksize", Format(p.GetLong("blocksize"))));
                query.Add(("buffersize", Format(p.GetLong("buffersize"))));
                query.Add(("createparent", "true"));
                query.Add(("overwrite", p.GetBool("overwrite", overwriteByDefault) ? "true" : "false"));
                query.Add(("permission", p.GetPermission() is { } permission ? Convert.ToString(permission, 8) : null));
                query.Add(("replication", Format(p.GetShort("replication"))));
                break;
            case WebHdfsOp.Append:
                query.Add(("buffersize", Format(p.GetLong("buffersize"))));
                break;
            case WebHdfsOp.Open:
                query.Add(("buffersize", Format(p.GetLong("buffersize"))));
                query.Add(("length", Format(p.GetLong("length"))));
                query.Add(("offset", Format(p.GetLong("offset") ?? 0)));
                break;
        }
        var text = new StringBuilder($"{state.Scheme}://127.0.0.1:{state.DataNodePort}{WebHdfsRequest.Prefix}{request.Path.ToUrlPath()}?");
        var first = true;
        foreach (var (name, value) in query)
        {
            if (value is null)
            {
                continue;
            }
            text.Append(first ? "" : "&").Append(name).Append('=').Append(EscapeQueryValue(value));
            first = false;
        }
        return new Uri(text.ToString());
    }

    /// <summary>HttpFS's redirect back to itself: the request URL with the op normalised and data=true added.</summary>
    public static Uri ToHttpFsUpload(HttpContext context, int port, WebHdfsRequest request)
    {
        var kept = (context.Request.QueryString.Value ?? string.Empty).TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => ParamName(pair) is not ("op" or "data" or "noredirect"));
        var query = string.Join('&', [$"op={request.OpName}", .. kept, "data=true"]);
        return new Uri($"{context.Request.Scheme}://127.0.0.1:{port}{WebHdfsRequest.Prefix}{request.Path.ToUrlPath()}?{query}");
    }

    /// <summary>307 with a Location header, or 200 with {"Location": ...} when the client asked for noredirect.</summary>
    public static Task SendAsync(HttpContext context, Uri location, bool noRedirect)
    {
        if (noRedirect)
        {
            return JsonResponses.LocationAsync(context.Response, location);
        }
        var response = context.Response;
        response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        response.Headers.Location = location.AbsoluteUri;
        response.ContentType = "application/octet-stream";
        response.ContentLength = 0;
        return Task.CompletedTask;
    }

    /// <summary>Percent-encodes a query value but leaves ':' and '/' readable, as Java's URI does.</summary>
    private static string EscapeQueryValue(string value) =>
        Uri.EscapeDataString(value).Replace("%3A", ":", StringComparison.Ordinal).Replace("%2F", "/", StringComparison.Ordinal);

    private static string? Format(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string ParamName(string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        return Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]).ToLowerInvariant();
    }
}
