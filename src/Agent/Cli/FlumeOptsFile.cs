using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Properties;

namespace FlumeNet.Agent.Cli;

/// <summary>Flume's <c>/etc/flume/flume.opts</c>: default agent options as a Properties file (last repeated key wins, S8).</summary>
public static class FlumeOptsFile
{
    public const string DefaultPath = "/etc/flume/flume.opts";

    public static IReadOnlyDictionary<string, string>? Load(string? path)
    {
        path ??= DefaultPath;
        if (!File.Exists(path))
        {
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in PropertiesReader.Read(File.ReadAllBytes(path), path, new DiagnosticBag()))
        {
            result[e.Key.Trim()] = e.Value.Trim();
        }
        return result;
    }
}
