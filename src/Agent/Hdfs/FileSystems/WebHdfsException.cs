using System.Text;
using System.Text.Json;

namespace FlumeNet.Agent.Hdfs.FileSystems;

/// <summary>
/// A WebHDFS call that failed: the HTTP status and the server's <c>RemoteException</c> (exception name and message,
/// reference hdfs-sink.md §6.3), with a hint for the errors operators meet most.
/// </summary>
public sealed class WebHdfsException : IOException
{
    public WebHdfsException(string message)
        : base(message)
    {
        RemoteClass = "";
    }

    public WebHdfsException(string message, Exception inner)
        : base(message, inner)
    {
        RemoteClass = "";
    }

    public WebHdfsException()
        : this("WebHDFS call failed")
    {
    }

    private WebHdfsException(string message, int status, string remoteException)
        : base(message)
    {
        Status = status;
        RemoteClass = remoteException;
    }

    /// <summary>HTTP status, 0 when no answer arrived.</summary>
    public int Status { get; private init; }

    /// <summary>The Java exception's simple name, e.g. <c>AlreadyBeingCreatedException</c>; empty when none.</summary>
    public string RemoteClass { get; private init; }

    /// <summary>A lease held by an earlier or concurrent writer, NameNode start-up, lease recovery, an HA failover: worth a retry after a pause.</summary>
    public bool IsRetriable => !IsAlreadyExists && !IsUntrusted && (RemoteClass is "AlreadyBeingCreatedException" or "RecoveryInProgressException" or "RetriableException"
        or "SafeModeException" or "LeaseExpiredException" or "StandbyException" || Status is 0 or >= 500 || IsFailover);

    /// <summary>The TLS handshake failed (the server's certificate is not trusted or names another host): no retry helps.</summary>
    public bool IsUntrusted { get; internal init; }

    /// <summary>The NameNode is the HA standby: try the other one.</summary>
    public bool IsStandby => RemoteClass == "StandbyException";

    /// <summary>A create found the path taken (403 on WebHDFS, 500 on HttpFS).</summary>
    public bool IsAlreadyExists => RemoteClass == "FileAlreadyExistsException";

    /// <summary>The NameNode asked was standby or unreachable; the next attempt goes to the next NameNode (Hadoop's failover policy).</summary>
    public bool IsFailover { get; private init; }

    internal WebHdfsException AsFailover() => IsFailover ? this : new WebHdfsException(Message, this) { IsFailover = true, Status = Status, RemoteClass = RemoteClass };

    public static WebHdfsException FromResponse(string operation, string path, int status, ReadOnlySpan<byte> body)
    {
        var name = "";
        var message = "";
        try
        {
            using var doc = JsonDocument.Parse(body.ToArray());
            if (doc.RootElement.TryGetProperty("RemoteException", out var remote))
            {
                name = remote.TryGetProperty("exception", out var e) ? e.GetString() ?? "" : "";
                message = remote.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
            }
        }
        catch (JsonException)
        {
            message = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 200)]).ReplaceLineEndings(" ");
        }
        var text = new StringBuilder($"WebHDFS {operation} {path} failed: HTTP {status}");
        if (name.Length > 0)
        {
            text.Append(' ').Append(name);
        }
        if (message.Length > 0)
        {
            text.Append(": ").Append(message);
        }
        text.Append(Hint(name, status));
        return new WebHdfsException(text.ToString(), status, name);
    }

    private static string Hint(string name, int status) => name switch
    {
        "AccessControlException" => " (the user lacks permission: check HADOOP_USER_NAME / hdfs.proxyUser and the directory's owner)",
        "AlreadyBeingCreatedException" or "RecoveryInProgressException" => " (another writer or an earlier failed write holds the file's lease)",
        "SafeModeException" => " (the NameNode is in safe mode, starting up)",
        "StandbyException" => " (this NameNode is the HA standby)",
        _ when status == 401 => " (the cluster requires Kerberos: set hdfs.kerberosPrincipal and hdfs.kerberosKeytab)",
        _ => "",
    };
}
