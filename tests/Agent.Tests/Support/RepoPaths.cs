namespace FlumeNet.Agent.Tests.Support;

/// <summary>Finds the repository root (the folder holding FlumeNet.sln) from the test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Golden files are rewritten instead of compared when this variable is 1.</summary>
    public static bool UpdateGolden => Environment.GetEnvironmentVariable("FLUMENET_UPDATE_GOLDEN") == "1";

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FlumeNet.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("FlumeNet.sln not found above " + AppContext.BaseDirectory);
    }
}
