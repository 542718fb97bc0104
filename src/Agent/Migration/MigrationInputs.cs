using FlumeNet.Agent.Cli;

namespace FlumeNet.Agent.Migration;

/// <summary>
/// What a migration reads: the agent configs (<c>*.properties</c>, <c>*.conf</c> of a conf folder, or the one file given),
/// and from the same folder <c>flume-env.sh</c> and the logging config Flume would use.
/// </summary>
public sealed record MigrationInputs(string Folder, IReadOnlyList<string> ConfigFiles, string? EnvFile, string? LogFile, IReadOnlyList<string> Notes)
{
    public const string EnvFileName = "flume-env.sh";

    // Flume 1.10+ reads log4j2.xml; Flume 1.9 (EMR) reads log4j.properties: the newer one wins when both are present.
    private static readonly string[] LogFileNames = ["log4j2.xml", "log4j2.properties", "log4j.properties"];

    /// <exception cref="UsageException">The input does not exist, or a folder holds no config file.</exception>
    public static MigrationInputs Discover(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var notes = new List<string>();
        string folder;
        List<string> configs;
        if (Directory.Exists(input))
        {
            folder = Path.GetFullPath(input);
            configs = [];
            foreach (var f in Directory.GetFiles(folder))
            {
                var name = Path.GetFileName(f);
                if ((name.EndsWith(".properties", StringComparison.Ordinal) || name.EndsWith(".conf", StringComparison.Ordinal))
                    && !IsLogFile(name))
                {
                    configs.Add(f);
                }
            }
            configs.Sort(StringComparer.Ordinal);
            if (configs.Count == 0)
            {
                throw new UsageException($"migrate: no *.properties or *.conf agent config in '{input}'");
            }
        }
        else if (File.Exists(input))
        {
            var full = Path.GetFullPath(input);
            folder = Path.GetDirectoryName(full)!;
            configs = [full];
        }
        else
        {
            throw new UsageException($"migrate: '{input}' is neither a file nor a folder");
        }
        var env = Path.Combine(folder, EnvFileName);
        string? log = null;
        foreach (var name in LogFileNames)
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path))
            {
                continue;
            }
            if (log is null)
            {
                log = path;
            }
            else
            {
                notes.Add($"{name} is also present and not converted: only one logging config is used ({Path.GetFileName(log)} wins, as in Flume 1.10+)");
            }
        }
        return new MigrationInputs(folder, configs, File.Exists(env) ? env : null, log, notes);
    }

    private static bool IsLogFile(string name) => Array.IndexOf(LogFileNames, name) >= 0;
}
