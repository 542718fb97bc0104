using System.Diagnostics;

namespace FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

/// <summary>Runs a child process with redirected output; killed on dispose if still running.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public StreamReader StandardOutput => _process.StandardOutput;

    public StreamReader StandardError => _process.StandardError;

    public int ExitCode => _process.ExitCode;

    /// <summary>The dotnet host that runs the tests (so the child uses the same runtime).</summary>
    public static string DotNet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException($"cannot start {fileName}"));
    }

    /// <summary>Runs to completion and returns exit code and both outputs.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory, TimeSpan timeout)
    {
        using var child = Start(fileName, arguments, workingDirectory);
        var output = child.StandardOutput.ReadToEndAsync();
        var error = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync(timeout);
        return (child.ExitCode, await output, await error);
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
    }

    /// <summary>Sends SIGTERM, as a service manager stopping the emulator would.</summary>
    public async Task TerminateAsync()
    {
        var (exitCode, _, error) = await RunAsync("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], null, TimeSpan.FromSeconds(10));
        Assert.True(exitCode == 0, error);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
