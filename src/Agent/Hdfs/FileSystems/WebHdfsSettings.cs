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

    /// <summary><c>hdfs.callTimeout</c>: the time one operation may take, retries of lease conflicts included.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
