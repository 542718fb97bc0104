using System.Text.RegularExpressions;

namespace FlumeNet.Agent.Channels.Files;

/// <summary>
/// Creates the channel's directories, refuses a Java Flume file-channel directory (its format is not FlumeNet's), and
/// holds <c>in_use.lock</c> in each one, as Flume does, so a second channel or agent on the same directory is refused.
/// </summary>
internal sealed partial class ChannelDirectories : IDisposable
{
    private readonly List<FileStream> _locks = [];

    private ChannelDirectories()
    {
    }

    public static ChannelDirectories Open(string channel, FileChannelSettings s)
    {
        var dirs = new List<(string Key, string Path)> { ("checkpointDir", s.CheckpointDir) };
        if (s.BackupCheckpointDir is { } backup)
        {
            dirs.Add(("backupCheckpointDir", backup));
        }
        foreach (var d in s.DataDirs)
        {
            dirs.Add(("dataDirs", d));
        }
        var result = new ChannelDirectories();
        try
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (key, path) in dirs)
            {
                if (!seen.Add(Path.TrimEndingDirectorySeparator(path)))
                {
                    continue;
                }
                Create(channel, key, path);
                RefuseFlumeFormat(channel, key, path);
                result._locks.Add(Lock(channel, key, path));
            }
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var l in _locks)
        {
            l.Dispose();
        }
        _locks.Clear();
    }

    private static void Create(string channel, string key, string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"File channel '{channel}': {key} '{path}' cannot be created: {ex.Message}", ex);
        }
    }

    private static FileStream Lock(string channel, string key, string dir)
    {
        var path = Path.Combine(dir, LogFormat.LockFileName);
        try
        {
            // FileShare.None takes an exclusive flock on Unix: a second process or channel on this directory fails here.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"File channel '{channel}': {key} '{dir}' is not writable: {ex.Message}", ex);
        }
        catch (IOException ex) when (IsLockConflict(ex))
        {
            throw new IOException(
                $"File channel '{channel}': cannot lock {path}: the directory is already in use by another file channel or agent ({key} must not be shared)", ex);
        }
        catch (IOException ex)
        {
            throw new IOException($"File channel '{channel}': {key} '{dir}' is not writable: {ex.Message}", ex);
        }
    }

    // On Unix the HResult is the errno: only EWOULDBLOCK from flock means another holder (EROFS, EACCES: not writable).
    private static bool IsLockConflict(IOException ex) =>
        ex is not DirectoryNotFoundException
        && (OperatingSystem.IsLinux() ? ex.HResult == 11 : OperatingSystem.IsMacOS() ? ex.HResult == 35 : ex.HResult == unchecked((int)0x80070020));

    /// <summary>Java Flume's file channel leaves <c>log-N</c> data files and <c>checkpoint</c> / <c>checkpoint.meta</c> files.</summary>
    internal static string? FlumeFormatFileIn(string dir)
    {
        if (!Directory.Exists(dir))
        {
            return null;
        }
        foreach (var f in Directory.EnumerateFiles(dir))
        {
            var name = Path.GetFileName(f);
            if (FlumeLogName().IsMatch(name) || name is "checkpoint" or "checkpoint.meta" or "inflightputs" or "inflighttakes")
            {
                return name;
            }
        }
        return null;
    }

    private static void RefuseFlumeFormat(string channel, string key, string dir)
    {
        if (FlumeFormatFileIn(dir) is { } name)
        {
            throw new Core.PermanentStartException(
                $"File channel '{channel}': {key} '{dir}' holds a Java Flume file channel ({name}); FlumeNet's on-disk format is different and cannot read it. "
                + "Drain it with Java Flume first, or point checkpointDir and dataDirs at new directories");
        }
    }

    [GeneratedRegex(@"^log-\d+(\.meta)?$")]
    private static partial Regex FlumeLogName();
}
