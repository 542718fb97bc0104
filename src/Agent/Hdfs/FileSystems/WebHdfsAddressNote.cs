namespace FlumeNet.Agent.Hdfs.FileSystems;

/// <summary>
/// What <c>--check</c> and <c>migrate</c> say about a cluster <c>hdfs.path</c>: the WebHDFS address(es) it resolves
/// to and why (hdfs-site.xml, the URI, or the 9870 guess), that WebHDFS must be enabled on the cluster, and that
/// Kerberos is supported.
/// </summary>
public static class WebHdfsAddressNote
{
    /// <summary>The note, or null for a local path (or one that names no cluster).</summary>
    public static string? For(string hdfsPath, HadoopConfig hadoop)
    {
        ArgumentNullException.ThrowIfNull(hdfsPath);
        ArgumentNullException.ThrowIfNull(hadoop);
        HdfsLocation where;
        try
        {
            where = FileSystemResolver.Locate(hdfsPath, hadoop);
        }
        catch (NotSupportedException)
        {
            return null;
        }
        if (where.IsLocal)
        {
            return null;
        }
        try
        {
            var (nameNodes, reason) = NameNodeResolver.Explain(where.Scheme, where.Authority, hadoop);
            return $"hdfs.path {hdfsPath} is written over WebHDFS at {string.Join(", ", nameNodes.Select(u => u.GetLeftPart(UriPartial.Authority)))} ({reason});"
                + " WebHDFS must be enabled on the cluster (dfs.webhdfs.enabled, on by default);"
                + " Kerberos (hdfs.kerberosPrincipal + hdfs.kerberosKeytab) is supported (SPNEGO, then delegation tokens)";
        }
        catch (InvalidOperationException e)
        {
            return $"hdfs.path {hdfsPath}: {e.Message}";
        }
    }
}
