using System.Diagnostics;

namespace FlumeNet.Agent.Tests.Support;

/// <summary>
/// A test that drives an independent npm client from an emulator's <c>sdk-check</c> folder; skipped when Node.js or
/// that folder's <c>node_modules</c> is missing (<c>.ci/run</c> installs them with <c>npm ci</c>).
/// </summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute(string sdkCheckFolder)
    {
        var modules = Path.Combine(RepoPaths.Root, sdkCheckFolder, "node_modules");
        if (!Directory.Exists(modules))
        {
            Skip = $"{modules} is missing (npm ci --prefix {sdkCheckFolder})";
        }
        else if (!NodeAvailable.Value)
        {
            Skip = "node is not on PATH";
        }
    }

    private static readonly Lazy<bool> NodeAvailable = new(() =>
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            p!.WaitForExit(10_000);
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    /// <summary>Runs a script of the folder with node; returns exit code and standard output.</summary>
    public static (int ExitCode, string Output) Run(string sdkCheckFolder, string script, params string[] args)
    {
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = Path.Combine(RepoPaths.Root, sdkCheckFolder),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(script);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }
}
