using System.Text.Json;
using FlumeNet.Tools.WebHdfsEmulator.Diagnostics;

namespace FlumeNet.Tools.WebHdfsEmulator.Admin;

/// <summary>The body of GET /_emulator/stats.</summary>
internal static class StatsJson
{
    public static void Write(Utf8JsonWriter w, EmulatorStats stats)
    {
        w.WriteStartObject();
        WriteCounts(w, "namenodeOps", stats.NameNodeOps);
        WriteCounts(w, "datanodeOps", stats.DataNodeOps);
        WriteCounts(w, "statuses", stats.Statuses);
        WriteCounts(w, "users", stats.Users);
        w.WriteNumber("namenodeRequestsWithBody", stats.NameNodeRequestsWithBody);
        w.WriteNumber("faultsInjected", stats.FaultsInjected);
        w.WriteNumber("invalidRequests", stats.InvalidRequests);
        w.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, int> counts)
    {
        w.WriteStartObject(name);
        foreach (var (key, count) in counts.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(key, count);
        }
        w.WriteEndObject();
    }
}
