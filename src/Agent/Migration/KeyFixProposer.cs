using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Specs;
using FlumeNet.ConfigParser.Validation;

namespace FlumeNet.Agent.Migration;

/// <summary>
/// Conservative renames for the output config: a LogHub key written with the other LogHub class's name (per
/// <see cref="MigrationMap.LogHubKeys"/>), or a misspelt key with exactly one close option and no tie.
/// </summary>
internal static class KeyFixProposer
{
    // A misspelt key with exactly one near option, or a LogHub key written with the other class's name: renamed in the output.
    public static void Propose(AnalysisState s, ComponentConfig c, ComponentSpec spec, ConfigProperty p, string[] implicitKeys)
    {
        string? newKey = null;
        string? newValue = null;
        string why;
        var emr = spec.ClassNames.Contains(MigrationMap.EmrLogHubSource);
        var aliyun = spec.ClassNames.Contains(MigrationMap.AliyunLogHubSource);
        var pair = emr ? MigrationMap.LogHubPairForAliyun(p.Key) : aliyun ? MigrationMap.LogHubPairForEmr(p.Key) : null;
        if (pair is { AutoRename: true })
        {
            newKey = emr ? pair.Emr : pair.Aliyun;
            if (pair.Values is { } values)
            {
                newValue = emr
                    ? values.FirstOrDefault(kv => kv.Value.Equals(p.Value, StringComparison.OrdinalIgnoreCase)).Key
                    : values.GetValueOrDefault(p.Value);
                newValue = newValue == p.Value ? null : newValue;
            }
            why = emr
                ? $"'{p.Key}' is aliyun-log-flume's name; EMR's LogHubSource reads '{newKey}'"
                : $"'{p.Key}' is EMR's name; aliyun-log-flume's LoghubSource reads '{newKey}'";
        }
        else
        {
            var candidates = spec.Options.Where(o => !o.IsPrefix).Select(o => o.Key)
                .Concat(implicitKeys.Where(k => !k.EndsWith('.')));
            newKey = UniqueNearest(p.Key, candidates);
            why = $"'{p.Key}' is not an option of {spec.DisplayName} (Flume ignored it too); the only near option is '{newKey}'";
        }
        if (newKey is null || c.Find(newKey) is not null)
        {
            return;
        }
        s.Fixes.Add(new KeyFix(p.Location.Line, p.FullKey, $"{c.Prefix}.{newKey}", newValue, why));
    }

    /// <summary>The one candidate nearest to <paramref name="key"/> (ignoring case), if it is close and has no tie.</summary>
    public static string? UniqueNearest(string key, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(candidates);
        var best = int.MaxValue;
        var winners = new List<string>();
        foreach (var c in candidates.Distinct(StringComparer.Ordinal))
        {
            var d = NameSuggester.Distance(key.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < best)
            {
                best = d;
                winners.Clear();
                winners.Add(c);
            }
            else if (d == best)
            {
                winners.Add(c);
            }
        }
        var limit = Math.Min(2, Math.Max(1, key.Length / 4));
        return best <= limit && winners.Count == 1 ? winners[0] : null;
    }
}
