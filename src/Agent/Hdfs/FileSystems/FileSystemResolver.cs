namespace FlumeNet.Agent.Hdfs.FileSystems;

/// <summary>
/// Maps an <c>hdfs.path</c> to a filesystem and a path inside it, as Hadoop does: <c>file://</c> → local disk;
/// no scheme → <c>fs.defaultFS</c> from the Hadoop config, local disk when there is none (Hadoop's own default);
/// <c>hdfs://</c>, <c>webhdfs://</c>, <c>swebhdfs://</c> → a cluster over WebHDFS (<see cref="NameNodeResolver"/>).
/// </summary>
public static class FileSystemResolver
{
    /// <param name="webHdfs">User, proxy user and call timeout for a cluster; the NameNodes are found here.</param>
    public static (IHdfsFileSystem FileSystem, string Path) Resolve(string hdfsPath, HadoopConfig hadoop, WebHdfsSettings? webHdfs = null)
    {
        var where = Locate(hdfsPath, hadoop);
        if (where.IsLocal)
        {
            return (new LocalFileSystem(), where.Path);
        }
        var settings = (webHdfs ?? DefaultWebHdfs()) with { NameNodes = NameNodeResolver.Resolve(where.Scheme, where.Authority, hadoop) };
        return (new WebHdfsFileSystem(settings), where.Path);
    }

    /// <summary>Where <paramref name="hdfsPath"/> lies, without resolving NameNodes.</summary>
    /// <exception cref="NotSupportedException">Another scheme, or a cluster URL that names no NameNode.</exception>
    public static HdfsLocation Locate(string hdfsPath, HadoopConfig hadoop)
    {
        ArgumentNullException.ThrowIfNull(hdfsPath);
        ArgumentNullException.ThrowIfNull(hadoop);
        var path = hdfsPath;
        if (!HasScheme(path))
        {
            var defaultFs = hadoop.Get("fs.defaultFS") ?? hadoop.Get("fs.default.name");
            if (defaultFs is null || defaultFs.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                return new HdfsLocation(HdfsLocation.Local, string.Empty, path);
            }
            path = defaultFs.TrimEnd('/') + (path.StartsWith('/') ? path : "/" + path);
        }
        if (path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            // Not Uri: the path may still hold escapes such as %Y that are no valid URI escapes.
            var rest = path["file:".Length..];
            if (rest.StartsWith("//", StringComparison.Ordinal))
            {
                var slash = rest.IndexOf('/', 2);
                rest = slash < 0 ? "/" : rest[slash..];
            }
            return new HdfsLocation(HdfsLocation.Local, string.Empty, rest);
        }
        var colon = path.IndexOf(':', StringComparison.Ordinal);
        var scheme = path[..colon].ToLowerInvariant();
        if (scheme is not ("hdfs" or "webhdfs" or "swebhdfs") || !path.AsSpan(colon + 1).StartsWith("//"))
        {
            throw new NotSupportedException($"'{hdfsPath}': the {scheme}:// filesystem is not supported (use hdfs://, webhdfs://, swebhdfs:// or file://)");
        }
        var afterScheme = path[(colon + 3)..];
        var pathStart = afterScheme.IndexOf('/', StringComparison.Ordinal);
        var authority = pathStart < 0 ? afterScheme : afterScheme[..pathStart];
        if (authority.Length == 0)
        {
            throw new NotSupportedException($"'{hdfsPath}' names no NameNode (expected {scheme}://host:port/path)");
        }
        return new HdfsLocation(scheme, authority, pathStart < 0 ? "/" : afterScheme[pathStart..]);
    }

    /// <summary>Hadoop's user for simple authentication: HADOOP_USER_NAME, else the OS user.</summary>
    public static WebHdfsSettings DefaultWebHdfs() => new()
    {
        NameNodes = [],
        User = Environment.GetEnvironmentVariable("HADOOP_USER_NAME") is { Length: > 0 } user ? user : Environment.UserName,
    };

    private static bool HasScheme(string path)
    {
        var colon = path.IndexOf(':', StringComparison.Ordinal);
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return colon > 0 && (slash < 0 || colon < slash);
    }
}
