namespace FlumeNet.Tools.WebHdfsEmulator;

/// <summary>How to start a <see cref="WebHdfsEmulatorServer"/>.</summary>
public sealed record WebHdfsEmulatorOptions
{
    /// <summary>Local folder that holds the emulated namespace: HDFS path /a/b is ROOT/a/b. Created when missing.</summary>
    public required string RootDirectory { get; init; }

    /// <summary>NameNode HTTP port on 127.0.0.1 (HttpFS port in HttpFS mode); 0 picks a free port.</summary>
    public int NameNodePort { get; init; }

    /// <summary>DataNode HTTP port on 127.0.0.1; 0 picks a free port. Unused in HttpFS mode.</summary>
    public int DataNodePort { get; init; }

    /// <summary>Behave like an HttpFS gateway: one port, uploads with data=true and an octet-stream content type.</summary>
    public bool HttpFs { get; init; }

    /// <summary>Start as a standby NameNode: every WebHDFS operation fails with 403 StandbyException.</summary>
    public bool Standby { get; init; }

    /// <summary>Reject requests without user.name with 401, as a cluster with security on does.</summary>
    public bool RequireUser { get; init; }

    /// <summary>
    /// How long a path stays leased after an upload was cut off (fault or client disconnect); during that time
    /// CREATE/APPEND on it fail with AlreadyBeingCreatedException, as HDFS does until the lease soft limit expires.
    /// </summary>
    public TimeSpan AbortedLeaseHold { get; init; } = TimeSpan.Zero;

    /// <summary>The clock lease expiry (<see cref="AbortedLeaseHold"/>) runs on; tests substitute one they step by hand.</summary>
    internal TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Replication reported for files created without a replication parameter (Hadoop's dfs.replication default).</summary>
    public short DefaultReplication { get; init; } = 3;

    /// <summary>Block size reported for files created without a blocksize parameter (Hadoop's dfs.blocksize default).</summary>
    public long DefaultBlockSize { get; init; } = 128L * 1024 * 1024;

    /// <summary>
    /// As a real DataNode closes a cut upload asynchronously: the bytes of a cut upload reach the file, and its lease is
    /// released, only this long after the client saw the connection drop (zero: at once, before the client sees it).
    /// </summary>
    public TimeSpan CutCloseDelay { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// TRUNCATE to a length off a block boundary answers <c>false</c> and the last block is recovered in the background
    /// for this long, during which APPEND, CREATE and TRUNCATE on the file fail with RecoveryInProgressException, as on
    /// HDFS (zero: TRUNCATE always answers true at once).
    /// </summary>
    public TimeSpan TruncateRecovery { get; init; } = TimeSpan.Zero;

    /// <summary>Require Hadoop's CSRF header (<c>X-XSRF-HEADER</c>) on PUT, POST and DELETE, as <c>dfs.webhdfs.rest-csrf.enabled</c> does.</summary>
    public bool RequireCsrfHeader { get; init; }

    /// <summary>
    /// Security on, as a Kerberized cluster: the NameNode answers 401 <c>WWW-Authenticate: Negotiate</c> unless the
    /// request carries SPNEGO (accepted with the keytab KRB5_KTNAME names) or a valid <c>delegation=</c> token;
    /// the DataNode takes only tokens (which the NameNode's redirects carry); user.name is ignored.
    /// </summary>
    public bool Kerberos { get; init; }

    /// <summary>How long a delegation token is valid after issue or renewal (Hadoop's renew interval, 24 h).</summary>
    public TimeSpan DelegationTokenLifetime { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Serve HTTPS with this certificate (and its private key) on the NameNode and DataNode ports, as a cluster with
    /// <c>dfs.http.policy=HTTPS_ONLY</c> that <c>swebhdfs://</c> reaches; redirects then name https:// DataNodes.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? TlsCertificate { get; init; }

    /// <summary>How long a delegation token can be renewed at most (Hadoop's max lifetime, 7 days).</summary>
    public TimeSpan DelegationTokenMaxLifetime { get; init; } = TimeSpan.FromDays(7);
}
