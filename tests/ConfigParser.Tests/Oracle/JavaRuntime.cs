using System.Diagnostics;

namespace FlumeNet.ConfigParser.Tests.Oracle;

/// <summary>Finds <c>java</c> on PATH and runs single-file Java programs shipped in this folder.</summary>
internal static class JavaRuntime
{
    private static readonly Lazy<string?> Found = new(Find);

    public static string? Executable => Found.Value;

    /// <summary>Runs <c>java Oracle/NAME.java ARGS…</c> once and returns its standard output.</summary>
    public static string RunSource(string javaFileName, IEnumerable<string> args, TimeSpan timeout)
    {
        var java = Executable ?? throw new InvalidOperationException("java is not on PATH");
        var start = new ProcessStartInfo(java)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Oracle", javaFileName));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start java");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(timeout))
        {
            process.Kill();
            throw new TimeoutException($"java {javaFileName} did not finish in {timeout}");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"java {javaFileName} exited with {process.ExitCode}: {stderr.Result}");
        }
        return stdout;
    }

    private static string? Find()
    {
        var name = OperatingSystem.IsWindows() ? "java.exe" : "java";
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
