namespace FlumeNet.LogHubEmulator.Tests.Infrastructure;

/// <summary>Locations in the repository, found by walking up from the test binaries.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string SdkCheck => Path.Combine(Root, "tools", "LogHubEmulator", "sdk-check");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "tools", "LogHubEmulator")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("repository root (with tools/LogHubEmulator) not found above " + AppContext.BaseDirectory);
    }
}
