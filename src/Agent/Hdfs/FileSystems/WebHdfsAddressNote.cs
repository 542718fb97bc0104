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
        var path = hdfsPath;
        var colon = path.IndexOf(':', StringComparison.Ordinal);
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (colon <= 0 || (slash >= 0 && slash < colon))
        {
            var defaultFs = hadoop.Get("fs.defaultFS") ?? hadoop.Get("fs.default.name");
            if (defaultFs is null)
            {
                return null;
            }
            path = defaultFs.TrimEnd('/') + (path.StartsWith('/') ? path : "/" + path);
            colon = path.IndexOf(':', StringComparison.Ordinal);
        }
        var scheme = path[..colon].ToLowerInvariant();
        if (scheme is not ("hdfs" or "webhdfs" or "swebhdfs") || !path.AsSpan(colon + 1).StartsWith("//"))
        {
            return null;
        }
        var rest = path[(colon + 3)..];
        var authority = rest.IndexOf('/', StringComparison.Ordinal) is var end and >= 0 ? rest[..end] : rest;
        if (authority.Length == 0)
        {
            return null;
        }
        try
        {
            var (nameNodes, reason) = NameNodeResolver.Explain(scheme, authority, hadoop);
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
