namespace FlumeNet.Agent.Hdfs.FileSystems;

/// <summary>The local disk (<c>file://</c>, and paths without scheme when no Hadoop config names another filesystem).</summary>
public sealed class LocalFileSystem : IHdfsFileSystem
{
    public string Description => "file:///";

    public Stream Create(string path)
    {
        var dir = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }
        // 128 KB: a flush of a typical batch is one write call (measured +15 % over 64 KB); the buffer is per open file.
        return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 128 * 1024);
    }

    public bool Exists(string path) => File.Exists(path);

    public bool Rename(string from, string to)
    {
        if (!File.Exists(from) || File.Exists(to))
        {
            return false;
        }
        File.Move(from, to);
        return true;
    }

    public IReadOnlyList<string> ListFiles(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }
        var files = Directory.GetFiles(directory);
        for (var i = 0; i < files.Length; i++)
        {
            files[i] = Path.GetFileName(files[i]);
        }
        return files;
    }
}
