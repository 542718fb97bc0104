using System.Text.RegularExpressions;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.Agent.Sources.Taildir;

/// <summary>
/// One file group (reference §6.1): the literal parent directory of <c>filegroups.&lt;g&gt;</c> and a Java regex matched
/// against whole file names in it (no recursion, directories excluded), sorted oldest mtime first. With
/// <c>cachePatternMatching</c> the directory is listed again only when its mtime moved past the last listing or still
/// falls in the second of the last listing (a change within that second would not move it).
/// </summary>
internal sealed class TaildirMatcher
{
    private readonly Regex _fileName;
    private readonly bool _cache;
    private List<string> _lastMatched = [];
    private long _lastSeenDirMTime = -1;
    private long _lastCheckedTime = -1;

    /// <exception cref="ArgumentException">The file-name part is not a valid Java regex.</exception>
    public TaildirMatcher(string group, string pattern, bool cachePatternMatching)
    {
        Group = group;
        Pattern = pattern;
        Directory = System.IO.Path.GetDirectoryName(pattern) ?? string.Empty;
        var name = System.IO.Path.GetFileName(pattern);
        var translated = JavaRegex.Translate(name).Pattern;
        _fileName = new Regex(@"\A(?:" + translated + @")\z", RegexOptions.CultureInvariant);
        _cache = cachePatternMatching;
    }

    public string Group { get; }

    public string Pattern { get; }

    public string Directory { get; }

    /// <summary>Absolute paths of the matching regular files, oldest mtime first.</summary>
    /// <exception cref="IOException">The directory cannot be listed.</exception>
    public List<string> MatchingFiles()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000 * 1000;
        var dirMTime = DirectoryMTime();
        if (!_cache || _lastSeenDirMTime < dirMTime || !(dirMTime < _lastCheckedTime))
        {
            _lastMatched = List();
            _lastSeenDirMTime = dirMTime;
            _lastCheckedTime = now;
        }
        return _lastMatched;
    }

    public bool Matches(string fileName) => _fileName.IsMatch(fileName);

    private long DirectoryMTime()
    {
        var info = new DirectoryInfo(Directory);
        return info.Exists ? new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds() : 0;
    }

    private List<string> List()
    {
        var found = new List<(string Path, long MTime)>();
        try
        {
            foreach (var entry in new DirectoryInfo(Directory).EnumerateFileSystemInfos())
            {
                if (!_fileName.IsMatch(entry.Name))
                {
                    continue;
                }
                // Like Java's Files.isDirectory, a symlink counts as what it points to.
                var target = entry.LinkTarget is null ? entry : new FileInfo(entry.FullName);
                if (entry is DirectoryInfo || (entry.LinkTarget is not null && System.IO.Directory.Exists(entry.FullName)))
                {
                    continue;
                }
                if (target is FileInfo f && f.Exists)
                {
                    found.Add((f.FullName, new DateTimeOffset(f.LastWriteTimeUtc).ToUnixTimeMilliseconds()));
                }
            }
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new IOException($"Directory does not exist: {Directory}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"Cannot list {Directory}: {ex.Message}", ex);
        }
        // A stable sort, as Java's Collections.sort, so files with one mtime keep their listing order.
        var sorted = found.OrderBy(x => x.MTime).Select(x => x.Path).ToList();
        return sorted;
    }
}
