namespace FlumeNet.Agent.Hdfs.FileSystems;

/// <summary>
/// Maps an <c>hdfs.path</c> to a filesystem and a path inside it, as Hadoop does: <c>file://</c> → local disk;
/// no scheme → <c>fs.defaultFS</c> from the Hadoop config, local disk when there is none (Hadoop's own default);
/// <c>hdfs://</c>, <c>webhdfs://</c>, <c>swebhdfs://</c> → a cluster over WebHDFS.
/// </summary>
public static class FileSystemResolver
{
    public static (IHdfsFileSystem FileSystem, string Path) Resolve(string hdfsPath, HadoopConfig hadoop)
    {
        ArgumentNullException.ThrowIfNull(hdfsPath);
        ArgumentNullException.ThrowIfNull(hadoop);
        var path = hdfsPath;
        if (!HasScheme(path))
        {
            var defaultFs = hadoop.Get("fs.defaultFS") ?? hadoop.Get("fs.default.name");
            if (defaultFs is null || defaultFs.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                return (new LocalFileSystem(), path);
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
            return (new LocalFileSystem(), rest);
        }
        var scheme = path[..path.IndexOf(':', StringComparison.Ordinal)];
        throw new NotSupportedException(
            $"'{hdfsPath}' is on {scheme}://, reached over WebHDFS, which this build does not write to yet; use a file:// or local path");
    }

    private static bool HasScheme(string path)
    {
        var colon = path.IndexOf(':', StringComparison.Ordinal);
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return colon > 0 && (slash < 0 || colon < slash);
    }
}
