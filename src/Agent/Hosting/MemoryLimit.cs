using System.Globalization;

namespace FlumeNet.Agent.Hosting;

/// <summary>
/// <c>-Dflume.memory.limit=SIZE</c> (bytes, or with Java's k/m/g suffixes as in <c>-Xmx512m</c>): the managed heap's hard
/// limit, set before the topology is built. As with Flume's <c>-Xmx</c>, a memory channel without <c>byteCapacity</c>
/// then holds at most 80 % of it, so a burst fills the channel (the source is told to back off) instead of growing RSS.
/// <c>DOTNET_GCHeapHardLimit</c> in the environment, read by the runtime at start, wins over the property.
/// </summary>
public static class MemoryLimit
{
    public const string Property = "flume.memory.limit";
    public const string RuntimeVariable = "DOTNET_GCHeapHardLimit";

    /// <summary>Smallest accepted cap: below it the agent could not even build its topology.</summary>
    public const long Minimum = 16L * 1024 * 1024;

    /// <summary>Parses SIZE; null when it is not a size of at least <see cref="Minimum"/>.</summary>
    public static long? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var t = text.Trim();
        var multiplier = char.ToLowerInvariant(t[^1]) switch
        {
            'k' => 1024L,
            'm' => 1024L * 1024,
            'g' => 1024L * 1024 * 1024,
            _ => 1L,
        };
        var digits = multiplier == 1 ? t : t[..^1];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > long.MaxValue / multiplier)
        {
            return null;
        }
        var bytes = n * multiplier;
        return bytes >= Minimum ? bytes : null;
    }

    /// <summary>Applies the property; returns what was done, for the startup log (null: nothing asked).</summary>
    /// <exception cref="StartupException">The property is not a size of at least 16m.</exception>
    public static string? Apply(IReadOnlyDictionary<string, string> systemProperties)
    {
        ArgumentNullException.ThrowIfNull(systemProperties);
        var text = systemProperties.GetValueOrDefault(Property);
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(RuntimeVariable)))
        {
            return $"Managed heap limit {Mb(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)} MB from {RuntimeVariable}"
                + (text is null ? string.Empty : $" ({Property} is ignored)");
        }
        if (text is null)
        {
            return null;
        }
        var bytes = Parse(text) ?? throw new StartupException(
            $"{Property} '{FlumeNet.ConfigParser.Diagnostics.ControlText.Escape(text)}' is not a size of at least 16m (bytes, or a number with k, m or g as in -Xmx512m)");
        AppContext.SetData("GCHeapHardLimit", (ulong)bytes);
        GC.RefreshMemoryLimit();
        var applied = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return applied == bytes
            ? $"Managed heap limit {Mb(bytes)} MB ({Property}); memory channels without byteCapacity hold at most 80 % of it"
            : $"{Property} asked for {Mb(bytes)} MB but the runtime reports {Mb(applied)} MB available";
    }

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture);
}
