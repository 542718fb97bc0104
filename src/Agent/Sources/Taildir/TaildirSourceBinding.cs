using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Registry;
using NLog;

namespace FlumeNet.Agent.Sources.Taildir;

/// <summary>Builds a <see cref="TaildirSource"/> from its validated keys, dropping what Flume's configure drops.</summary>
public static class TaildirSourceBinding
{
    public static readonly ComponentFactory Factory = new() { Source = Create };

    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    /// <exception cref="ArgumentException">No file group has a path, a path has no directory part, or a regex is invalid.</exception>
    public static ILifecycleComponent Create(BoundOptions o, ChannelProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new TaildirSource(o.Name, Bind(o), processor);
    }

    internal static TaildirSourceOptions Bind(BoundOptions o)
    {
        var groups = new List<TaildirFileGroup>();
        var names = (o.GetString("filegroups") ?? string.Empty).Split([' ', '\t', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries);
        var headers = o.Sub("headers.");
        foreach (var name in names)
        {
            var pattern = o.Raw("filegroups." + name);
            if (pattern is null)
            {
                Log.Warn("Source '{Source}': file group '{Group}' has no filegroups.{Group} path and is ignored, as Flume ignores it", o.Name, name, name);
                continue;
            }
            if (string.IsNullOrEmpty(Path.GetDirectoryName(pattern)))
            {
                throw new ArgumentException($"filegroups.{name}: '{pattern}' has no directory part; give the absolute path of the files (e.g. /var/log/app/.*\\.log)");
            }
            try
            {
                _ = new TaildirMatcher(name, Path.GetFullPath(pattern), cachePatternMatching: true);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"filegroups.{name}: the file-name part of '{pattern}' is not a valid regex: {ex.Message}", ex);
            }
            var groupHeaders = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in headers)
            {
                if (key.StartsWith(name + ".", StringComparison.Ordinal) && key.Length > name.Length + 1)
                {
                    groupHeaders[key[(name.Length + 1)..]] = value;
                }
            }
            groups.Add(new TaildirFileGroup(name, Path.GetFullPath(pattern), groupHeaders));
        }
        if (groups.Count == 0)
        {
            throw new ArgumentException("filegroups: no file group has a filegroups.<group> path, so there is nothing to tail; Flume drops the source too");
        }
        var maxBatchCount = o.GetLong("maxBatchCount", long.MaxValue);
        return new TaildirSourceOptions
        {
            FileGroups = groups,
            PositionFile = o.Raw("positionFile") is { } position ? Path.GetFullPath(position) : DefaultPositionFile(),
            ByteOffsetHeader = o.GetBool("byteOffsetHeader", false),
            SkipToEnd = o.GetBool("skipToEnd", false),
            IdleTimeout = Millis(o.GetInt("idleTimeout", 120000)),
            WritePosInterval = Millis(Math.Max(1, o.GetInt("writePosInterval", 3000))),
            BatchSize = Math.Max(1, o.GetInt("batchSize", 100)),
            MaxBatchCount = maxBatchCount <= 0 ? long.MaxValue : maxBatchCount,
            BackoffSleepIncrement = Millis(o.GetLong("backoffSleepIncrement", 1000)),
            MaxBackoffSleep = Millis(o.GetLong("maxBackoffSleep", 5000)),
            CachePatternMatching = o.GetBool("cachePatternMatching", true),
            FileHeaderKey = o.GetBool("fileHeader", false) ? o.GetString("fileHeaderKey") ?? "file" : null,
        };
    }

    private static TimeSpan Millis(long ms) => TimeSpan.FromMilliseconds(Math.Max(0, ms));

    // Flume's default is ${user.home}/.flume/taildir_position.json (the spec shows it as ~/.flume/…); a configured
    // value is taken literally, as Flume takes it (no ~ expansion).
    private static string DefaultPositionFile() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".flume", "taildir_position.json");
}
