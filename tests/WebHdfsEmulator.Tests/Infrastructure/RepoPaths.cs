namespace FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

/// <summary>Locations in the repository and on PATH the process-level tests need.</summary>
public static class RepoPaths
{
    /// <summary>The repository root: the first ancestor of the test binaries that holds tools/WebHdfsEmulator.</summary>
    public static string? Root { get; } = FindRoot();

    public static string? SdkCheck => Root is null ? null : Path.Combine(Root, "tools", "WebHdfsEmulator", "sdk-check");

    /// <summary>The node executable on PATH, or null.</summary>
    public static string? Node { get; } = FindOnPath("node");

    /// <summary>The emulator's own assembly, copied next to the tests by the project reference.</summary>
    public static string EmulatorDll => Path.Combine(AppContext.BaseDirectory, "FlumeNet.WebHdfsEmulator.dll");

    public static string? FindOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static string? FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "tools", "WebHdfsEmulator")))
            {
                return directory.FullName;
            }
        }
        return null;
    }
}
