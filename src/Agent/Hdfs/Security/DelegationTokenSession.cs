using System.Net;
using System.Text.Json;
using FlumeNet.Agent.Hdfs.FileSystems;
using NLog;

namespace FlumeNet.Agent.Hdfs.Security;

/// <summary>How one NameNode request authenticates: a delegation token (query) or a SPNEGO header.</summary>
internal sealed record WebHdfsAuth(string? Delegation, string? Authorization);

/// <summary>
/// Hadoop's WebHdfsFileSystem with security on: GETDELEGATIONTOKEN with SPNEGO once, then every request carries
/// <c>delegation=</c> (the NameNode's redirects carry it to the DataNodes). The token is renewed once 75% of its
/// remaining life has passed (RENEWDELEGATIONTOKEN also tells its expiry), and replaced by a fresh one when renewal
/// fails or a request finds it invalid. The Kerberos ticket is refreshed before SPNEGO (<see cref="KerberosLogin.EnsureFresh"/>)
/// and once more when the NameNode refuses it.
/// </summary>
internal sealed class DelegationTokenSession(WebHdfsFileSystem fs, KerberosLogin login)
{
    private const double RenewWindow = 0.75;
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly Lock _lock = new();
    private string? _token;
    private DateTime _renewAt;

    public (HttpStatusCode Status, byte[] Body, Uri? Location) Send(Uri nameNode, HttpMethod method, string op, string path, string extra, DateTime deadline)
    {
        var token = Current(nameNode, deadline);
        var result = fs.SendTo(nameNode, method, op, path, extra, new WebHdfsAuth(token, null), deadline);
        if (IsInvalidToken(result.Status, result.Body, op, path))
        {
            Log.Warn("WebHDFS: the NameNode {NameNode} refused the delegation token ({Reason}); getting a new one", nameNode.Authority, Reason(result.Body, op, path));
            Drop(token);
            token = Current(nameNode, deadline);
            result = fs.SendTo(nameNode, method, op, path, extra, new WebHdfsAuth(token, null), deadline);
        }
        return result;
    }

    private string Current(Uri nameNode, DateTime deadline)
    {
        lock (_lock)
        {
            if (_token is { } token && DateTime.UtcNow < _renewAt)
            {
                return token;
            }
            if (_token is { } old)
            {
                try
                {
                    Schedule(Renew(nameNode, old, deadline));
                    Log.Info("WebHDFS: delegation token renewed at {NameNode}; next renewal at {RenewAt:u}", nameNode.Authority, _renewAt);
                    return old;
                }
                catch (WebHdfsException ex)
                {
                    Log.Warn("WebHDFS: renewing the delegation token failed ({Reason}); getting a new one", ex.Message);
                    _token = null;
                }
            }
            var (status, body, _) = WithSpnego(nameNode, HttpMethod.Get, "GETDELEGATIONTOKEN", "&renewer=" + Uri.EscapeDataString(login.ShortName), deadline);
            if (status != HttpStatusCode.OK)
            {
                throw WebHdfsException.FromResponse("GETDELEGATIONTOKEN", "/", (int)status, body);
            }
            using var doc = JsonDocument.Parse(body);
            var fresh = doc.RootElement.GetProperty("Token").GetProperty("urlString").GetString()
                ?? throw new WebHdfsException("WebHDFS GETDELEGATIONTOKEN: the NameNode gave no token (is security on?)");
            // The answer carries no expiry; a renewal (as Hadoop's token renewer does first) tells it.
            Schedule(Renew(nameNode, fresh, deadline));
            _token = fresh;
            Log.Info("WebHDFS: got a delegation token from {NameNode} as {Principal}; renewal at {RenewAt:u}", nameNode.Authority, login.Principal, _renewAt);
            return fresh;
        }
    }

    private void Drop(string token)
    {
        lock (_lock)
        {
            if (_token == token)
            {
                _token = null;
            }
        }
    }

    private void Schedule(long expiryMillis)
    {
        var now = DateTime.UtcNow;
        var expiry = DateTimeOffset.FromUnixTimeMilliseconds(expiryMillis).UtcDateTime;
        _renewAt = now + ((expiry > now ? expiry - now : TimeSpan.Zero) * RenewWindow);
    }

    private long Renew(Uri nameNode, string token, DateTime deadline)
    {
        var (status, body, _) = WithSpnego(nameNode, HttpMethod.Put, "RENEWDELEGATIONTOKEN", "&token=" + Uri.EscapeDataString(token), deadline);
        if (status != HttpStatusCode.OK)
        {
            throw WebHdfsException.FromResponse("RENEWDELEGATIONTOKEN", "/", (int)status, body);
        }
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("long").GetInt64();
    }

    private (HttpStatusCode Status, byte[] Body, Uri? Location) WithSpnego(Uri nameNode, HttpMethod method, string op, string extra, DateTime deadline)
    {
        login.EnsureFresh();
        for (var attempt = 1; ; attempt++)
        {
            var header = SpnegoClient.Header(nameNode.Host, out var failure);
            if (header is not null)
            {
                var result = fs.SendTo(nameNode, method, op, "/", extra, new WebHdfsAuth(null, header), deadline);
                if (result.Status != HttpStatusCode.Unauthorized)
                {
                    return result;
                }
                failure = $"the NameNode {nameNode.Authority} answered 401 to SPNEGO as {login.Principal}";
            }
            if (attempt == 2)
            {
                throw new KerberosAuthException(
                    $"hdfs.kerberosPrincipal/hdfs.kerberosKeytab: WebHDFS {op} failed: {failure} (is HTTP/{nameNode.Host} in the realm, and the principal allowed on the cluster?)");
            }
            login.Relogin(failure);
        }
    }

    private static bool IsInvalidToken(HttpStatusCode status, byte[] body, string op, string path) =>
        status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
        && WebHdfsException.FromResponse(op, path, (int)status, body).RemoteClass.Contains("InvalidToken", StringComparison.Ordinal);

    private static string Reason(byte[] body, string op, string path) =>
        WebHdfsException.FromResponse(op, path, 403, body).Message;
}

/// <summary>Kerberos authentication failed after a fresh login: an operator must fix the principal, keytab or cluster.</summary>
public sealed class KerberosAuthException : IOException
{
    public KerberosAuthException(string message)
        : base(message)
    {
    }

    public KerberosAuthException()
    {
    }

    public KerberosAuthException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
