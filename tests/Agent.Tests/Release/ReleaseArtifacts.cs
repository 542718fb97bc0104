using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Release;

/// <summary>
/// The release built by tools/release/build.sh (artifacts/release/, or $FLUMENET_RELEASE_DIR). The suite never builds
/// one: an AOT publish takes minutes, so these tests run after tools/release/build.sh (tools/release/check.sh does both).
/// </summary>
public static class ReleaseArtifacts
{
    public static string Directory =>
        Environment.GetEnvironmentVariable("FLUMENET_RELEASE_DIR") is { Length: > 0 } d ? d : Path.Combine(RepoPaths.Root, "artifacts", "release");

    public static string? Tarball => Newest("flumenet-*-linux-x64.tar.gz");

    public static string? Deb => Newest("flumenet_*_amd64.deb");

    private static string? Newest(string pattern) =>
        System.IO.Directory.Exists(Directory)
            ? new DirectoryInfo(Directory).GetFiles(pattern).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()?.FullName
            : null;
}

/// <summary>A test of the built release; skipped with the reason when tools/release/build.sh has not run.</summary>
public sealed class ReleaseFactAttribute : FactAttribute
{
    public ReleaseFactAttribute(string tool = "tar")
    {
        if (ReleaseArtifacts.Tarball is null)
        {
            Skip = $"no release in {ReleaseArtifacts.Directory}: run tools/release/build.sh (minutes: an AOT publish), or tools/release/check.sh";
        }
        else if (!(Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':').Any(dir => File.Exists(Path.Combine(dir, tool))))
        {
            Skip = $"{tool} is not installed";
        }
    }
}
