using System.Net;
using System.Net.Security;

namespace FlumeNet.Agent.Hdfs.Security;

/// <summary>The <c>Authorization: Negotiate</c> value for an HTTP service (SPNEGO over the process's Kerberos credential cache).</summary>
public static class SpnegoClient
{
    /// <summary>The header value for <c>HTTP/host</c>, or null with <paramref name="failure"/> set when no ticket could be had.</summary>
    public static string? Header(string host, out string failure)
    {
        using var client = new NegotiateAuthentication(new NegotiateAuthenticationClientOptions
        {
            Package = "Negotiate",
            TargetName = "HTTP/" + host,
            Credential = CredentialCache.DefaultNetworkCredentials,
        });
        var blob = client.GetOutgoingBlob(ReadOnlySpan<byte>.Empty, out var status);
        if (blob is null || status is not (NegotiateAuthenticationStatusCode.ContinueNeeded or NegotiateAuthenticationStatusCode.Completed))
        {
            failure = $"no Kerberos service ticket for HTTP/{host} ({status})";
            return null;
        }
        failure = string.Empty;
        return "Negotiate " + Convert.ToBase64String(blob);
    }
}
