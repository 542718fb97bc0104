using System.Diagnostics;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Release;

/// <summary>packaging/systemd/flume-ng@.service as systemd reads it.</summary>
public sealed class SystemdUnitTests : IDisposable
{
    private static readonly string Unit = Path.Combine(RepoPaths.Root, "packaging", "systemd", "flume-ng@.service");
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-unit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [ToolFact("systemd-analyze")]
    public void Unit_PassesSystemdAnalyzeVerify_WithoutAnyWarning()
    {
        // verify insists that ExecStart exists: the unit is checked with its /usr/lib/flumenet moved under a temp root.
        var fakeHome = Path.Combine(_dir, "usr", "lib", "flumenet");
        Directory.CreateDirectory(Path.Combine(fakeHome, "bin"));
        var program = Path.Combine(fakeHome, "bin", "flume-ng");
        File.WriteAllText(program, "#!/bin/sh\n");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var units = Directory.CreateDirectory(Path.Combine(_dir, "units")).FullName;
        File.WriteAllText(Path.Combine(units, "flume-ng@.service"), File.ReadAllText(Unit).Replace("/usr/lib/flumenet/", fakeHome + "/", StringComparison.Ordinal));

        var (code, output) = Verify(Path.Combine(units, "flume-ng@a1.service"));

        Assert.True(code == 0, output);
        Assert.True(output.Length == 0, output);
    }

    [ToolFact("systemd-analyze")]
    public void Verify_CanFail_OnAnUnknownKey()
    {
        var units = Directory.CreateDirectory(Path.Combine(_dir, "units")).FullName;
        File.WriteAllText(Path.Combine(units, "flume-ng@.service"), File.ReadAllText(Unit).Replace("[Service]", "[Service]\nTypo=1", StringComparison.Ordinal));
        Assert.Contains("Typo", Verify(Path.Combine(units, "flume-ng@a1.service")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Unit_IsNotify_NamedByTheInstance_ReloadsWithSighup_LogsToTheConsole()
    {
        var text = File.ReadAllText(Unit);
        Assert.Contains("Type=notify", text, StringComparison.Ordinal);
        Assert.Contains("ExecStart=/usr/lib/flumenet/bin/flume-ng agent -n %i -c /etc/flumenet -f /etc/flumenet/%i.properties -Dflume.root.logger=INFO,console", text, StringComparison.Ordinal);
        Assert.Contains("ExecReload=/bin/kill -HUP $MAINPID", text, StringComparison.Ordinal);
    }

    private static (int Code, string Output) Verify(string unit)
    {
        var psi = new ProcessStartInfo("systemd-analyze") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "verify", "--man=no", unit })
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(1)), "systemd-analyze verify did not finish");
        return (p.ExitCode, (stdout.Result + stderr.Result).Trim());
    }
}
