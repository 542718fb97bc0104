namespace FlumeNet.Agent.Hdfs.FileSystems;

/// <summary>How to reach a cluster over WebHDFS: the NameNodes' HTTP base addresses (several with HA), the user, limits.</summary>
public sealed record WebHdfsSettings
{
    /// <summary>NameNode HTTP(S) addresses, e.g. <c>http://nn1:9870</c>; with HA, tried in order and failed over.</summary>
    public required IReadOnlyList<Uri> NameNodes { get; init; }

    /// <summary>The <c>user.name</c> sent (security off): <c>HADOOP_USER_NAME</c>, else the OS user.</summary>
    public required string User { get; init; }

    /// <summary><c>hdfs.proxyUser</c>: sent as <c>doas</c>.</summary>
    public string? ProxyUser { get; init; }

    /// <summary>
    /// <c>hdfs.kerberosPrincipal</c>/<c>hdfs.kerberosKeytab</c> logged in: the NameNode is asked with SPNEGO for a
    /// delegation token, which later requests carry; null for simple authentication.
    /// </summary>
    public Security.KerberosLogin? Kerberos { get; init; }

    /// <summary><c>hdfs.callTimeout</c>: the time one operation may take, retries of lease conflicts included.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>dfs.http.client.failover.max.attempts</c>: failovers one operation may make (Hadoop: 15).</summary>
    public int MaxFailovers { get; init; } = 15;

    /// <summary><c>dfs.http.client.failover.sleep.base.millis</c> (500 ms) and <c>.max.millis</c> (15 s): the exponential pause between failovers.</summary>
    public TimeSpan FailoverSleepBase { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan FailoverSleepMax { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The header Hadoop's client sends on PUT/POST/DELETE when <c>dfs.webhdfs.rest-csrf.enabled</c> is true; null when off.</summary>
    public string? CsrfHeader { get; init; }

    /// <summary>
    /// CA certificates an HTTPS (<c>swebhdfs://</c>) NameNode and DataNode must chain to, from Hadoop's
    /// <c>ssl.client.truststore.location</c> (<see cref="HadoopTrustStore"/>); null trusts the system's CAs.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2Collection? TrustedCertificates { get; init; }

    /// <summary>CREATE parameters of Hadoop's client, from <c>hdfs-site.xml</c>/<c>core-site.xml</c> (<see cref="CreateParameters"/>).</summary>
    public CreateParameters Create { get; init; } = CreateParameters.HadoopDefaults;
}

/// <summary>
/// What Hadoop's <c>WebHdfsFileSystem.create</c> sends: <c>permission</c> (0666 with <c>fs.permissions.umask-mode</c>
/// applied), <c>replication</c> (<c>dfs.replication</c>), <c>blocksize</c> (<c>dfs.blocksize</c>) and <c>buffersize</c>
/// (<c>io.file.buffer.size</c>).
/// </summary>
public sealed record CreateParameters(int Permission, short Replication, long BlockSize, int BufferSize)
{
    public static CreateParameters HadoopDefaults { get; } = new(Convert.ToInt32("644", 8), 3, 128L * 1024 * 1024, 4096);

    public string Query() =>
        FormattableString.Invariant($"&permission={Convert.ToString(Permission, 8)}&replication={Replication}&blocksize={BlockSize}&buffersize={BufferSize}");
}
