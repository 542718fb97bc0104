using System.Collections.Concurrent;

namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>The in-use files open in this process (every HDFS sink, across reloads): a leftover finisher never touches them.</summary>
internal static class OpenInUseFiles
{
    private static readonly ConcurrentDictionary<string, int> Paths = new(StringComparer.Ordinal);

    public static void Add(string path) => Paths.AddOrUpdate(path, 1, (_, n) => n + 1);

    public static void Remove(string path)
    {
        while (Paths.TryGetValue(path, out var n))
        {
            if (n <= 1 ? Paths.TryRemove(new KeyValuePair<string, int>(path, n)) : Paths.TryUpdate(path, n - 1, n))
            {
                return;
            }
        }
    }

    public static bool Contains(string path) => Paths.ContainsKey(path);
}
