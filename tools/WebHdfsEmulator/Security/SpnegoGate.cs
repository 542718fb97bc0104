using System.Net;
using System.Net.Security;
using Microsoft.AspNetCore.Http;

namespace FlumeNet.Tools.WebHdfsEmulator.Security;

/// <summary>
/// Hadoop's AuthenticationFilter with Kerberos on: a request is authenticated by a valid <c>delegation=</c> token or
/// by SPNEGO (<c>Authorization: Negotiate</c>, accepted with the keytab named by KRB5_KTNAME); any other request is
/// answered 401 with <c>WWW-Authenticate: Negotiate</c>. The authenticated short name (the principal's first
/// component) is kept in the request's items for <see cref="Protocol.WebHdfsRequest"/>.
/// </summary>
internal static class SpnegoGate
{
    public const string UserKey = "flumenet.emulator.user";
    public const string ViaTokenKey = "flumenet.emulator.via-token";

    /// <summary>True when the request may go on; otherwise the 401 (or 403) has been written.</summary>
    public static async Task<bool> AuthenticateAsync(HttpContext context, DelegationTokens tokens, bool dataNode)
    {
        if (context.Request.Query["delegation"] is { Count: > 0 } delegation && !string.IsNullOrEmpty(delegation[0]))
        {
            context.Items[UserKey] = tokens.Verify(delegation[0]!);
            context.Items[ViaTokenKey] = true;
            return true;
        }
        if (dataNode)
        {
            // DataNodes take no SPNEGO: the NameNode's redirect carries a token.
            throw new Protocol.HdfsError(Protocol.JavaExceptionType.Security,
                "Failed to obtain user group information: java.io.IOException: Delegation token required");
        }
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Negotiate ", StringComparison.OrdinalIgnoreCase))
        {
            await ChallengeAsync(context, "Authentication required").ConfigureAwait(false);
            return false;
        }
        byte[] incoming;
        try
        {
            incoming = Convert.FromBase64String(header["Negotiate ".Length..].Trim());
        }
        catch (FormatException)
        {
            await ChallengeAsync(context, "Malformed Negotiate header").ConfigureAwait(false);
            return false;
        }
        using var server = new NegotiateAuthentication(new NegotiateAuthenticationServerOptions { Package = "Negotiate" });
        var outgoing = server.GetOutgoingBlob(incoming, out var status);
        if (status != NegotiateAuthenticationStatusCode.Completed || server.RemoteIdentity is not { IsAuthenticated: true } identity)
        {
            await ChallengeAsync(context, $"GSSException: {status}").ConfigureAwait(false);
            return false;
        }
        if (outgoing is { Length: > 0 })
        {
            context.Response.Headers.WWWAuthenticate = "Negotiate " + Convert.ToBase64String(outgoing);
        }
        context.Items[UserKey] = ShortName(identity.Name ?? string.Empty);
        return true;
    }

    /// <summary>flume/host@REALM and flume@REALM both become flume (Hadoop's default auth_to_local rule).</summary>
    public static string ShortName(string principal)
    {
        var end = principal.IndexOfAny(['/', '@']);
        return end < 0 ? principal : principal[..end];
    }

    private static async Task ChallengeAsync(HttpContext context, string reason)
    {
        context.Response.StatusCode = (int)HttpStatusCode.Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Negotiate";
        context.Response.ContentType = "text/html;charset=iso-8859-1";
        await context.Response.WriteAsync($"<html><body><h2>HTTP ERROR 401 {WebUtility.HtmlEncode(reason)}</h2></body></html>").ConfigureAwait(false);
    }
}
