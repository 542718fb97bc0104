using System.Diagnostics;
using System.Text.Json;

namespace FlumeNet.LogHubEmulator.Tests.Infrastructure;

/// <summary>Runs one sdk-check script with node and parses the JSON line it prints.</summary>
public static class NodeRunner
{
    public static string? NodePath { get; } = FindNode();

    public static async Task<JsonElement> RunAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo(NodePath ?? "node")
        {
            WorkingDirectory = RepoPaths.SdkCheck,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepoPaths.SdkCheck, script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw;
        }

        var output = (await stdout).Trim();
        var lastLine = output.Split('\n').LastOrDefault() ?? string.Empty;
        try
        {
            using var document = JsonDocument.Parse(lastLine);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"{script} exited {process.ExitCode} without a JSON line. stdout: {output} stderr: {await stderr}");
        }
    }

    private static string? FindNode()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "node");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
