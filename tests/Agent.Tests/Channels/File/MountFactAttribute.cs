using System.Diagnostics;

namespace FlumeNet.Agent.Tests.Channels.Files;

/// <summary>
/// A test that mounts a small tmpfs (disk full, read-only directory); skipped, with the reason, when this process cannot
/// mount one (not root, no mount(8), or a container without CAP_SYS_ADMIN). Probed once per test run.
/// </summary>
public sealed class MountFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    public MountFactAttribute()
    {
        if (Unavailable.Value is { } reason)
        {
            Skip = $"needs to mount a tmpfs: {reason}";
        }
    }

    /// <summary>Runs mount(8) or umount(8) with <paramref name="args"/>; the error text when it fails, else null.</summary>
    public static string? Run(string args, string tool = "mount")
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var err = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(30_000))
            {
                p.Kill();
                return $"{tool} did not finish within 30 s";
            }
            return p.ExitCode == 0 ? null : $"{tool} {args} exited with {p.ExitCode}: {err.Result.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"{tool} cannot run: {ex.Message}";
        }
    }

    private static string? Probe()
    {
        var dir = Directory.CreateTempSubdirectory("flumenet-mount-probe-").FullName;
        try
        {
            if (Run($"-t tmpfs -o size=1m tmpfs {dir}") is { } error)
            {
                return error;
            }
            Run($"-l {dir}", "umount");
            return null;
        }
        finally
        {
            Directory.Delete(dir);
        }
    }
}
