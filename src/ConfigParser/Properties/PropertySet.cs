using System.Diagnostics.CodeAnalysis;
using FlumeNet.ConfigParser.Diagnostics;

namespace FlumeNet.ConfigParser.Properties;

/// <summary>
/// The effective properties of one or more files loaded into one <c>java.util.Properties</c>, as Flume does:
/// the last occurrence of a key wins, within a file and across files.
/// </summary>
public sealed class PropertySet
{
    private readonly Dictionary<string, PropertyEntry> _byKey;

    private PropertySet(List<PropertyEntry> entries, Dictionary<string, PropertyEntry> byKey)
    {
        Entries = entries;
        _byKey = byKey;
    }

    /// <summary>One entry per key (value and location of its last occurrence), ordered by that last occurrence.</summary>
    public IReadOnlyList<PropertyEntry> Entries { get; }

    public int Count => Entries.Count;

    public bool TryGet(string key, [MaybeNullWhen(false)] out PropertyEntry entry) => _byKey.TryGetValue(key, out entry);

    /// <summary>Merges files in load order, warning at every occurrence that replaces an earlier one.</summary>
    public static PropertySet Merge(IEnumerable<IReadOnlyList<PropertyEntry>> files, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var all = new List<PropertyEntry>();
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var entry in file)
            {
                if (last.TryGetValue(entry.Key, out var previous))
                {
                    diagnostics.Warning(entry.Location, DiagnosticCodes.DuplicateKey, entry.Key,
                        DuplicateMessage(entry, all[previous]));
                }
                last[entry.Key] = all.Count;
                all.Add(entry);
            }
        }
        var effective = new List<PropertyEntry>(last.Count);
        var byKey = new Dictionary<string, PropertyEntry>(last.Count, StringComparer.Ordinal);
        for (var i = 0; i < all.Count; i++)
        {
            var entry = all[i];
            if (last[entry.Key] == i)
            {
                effective.Add(entry);
                byKey.Add(entry.Key, entry);
            }
        }
        return new PropertySet(effective, byKey);
    }

    // Values may be secrets: say whether they differ, never what they are.
    private static string DuplicateMessage(PropertyEntry later, PropertyEntry earlier) =>
        string.Equals(later.Value, earlier.Value, StringComparison.Ordinal)
            ? $"defined again with the same value as at {earlier.Location} (last one wins, as in Flume)"
            : $"defined again; this value replaces the one at {earlier.Location} (last one wins, as in Flume)";
}
