using System.Diagnostics;
using System.Text;

namespace FlumeNet.KafkaEmulator.Tests.Infrastructure;

/// <summary>Runs an independent client (kcat, python3 with kafka-python, node with kafkajs) with a hard timeout.</summary>
public static class ExternalTool
{
    public const string Python = "/usr/bin/python3";

    public static string RepoRoot { get; } = FindRoot();

    public static bool OnPath(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        return path.Split(':').Any(dir => File.Exists(Path.Combine(dir, tool)));
    }

    public static bool PythonHas(string module) =>
        File.Exists(Python) && Run(Python, ["-c", "import " + module], null, TimeSpan.FromSeconds(30)).ExitCode == 0;

    public static (int ExitCode, string Stdout, string Stderr) Run(string file, IReadOnlyList<string> args, string? stdin, TimeSpan timeout,
        string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
        }
        p.StandardInput.Close();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}: {stderr.Result}");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static string Lines(int from, int count)
    {
        var sb = new StringBuilder();
        for (var i = from; i < from + count; i++)
        {
            sb.Append("line-").Append(i).Append('\n');
        }
        return sb.ToString();
    }

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

/// <summary>Skipped with the reason when kcat is not installed (Debian package kafkacat).</summary>
public sealed class KcatFactAttribute : FactAttribute
{
    public KcatFactAttribute()
    {
        if (!ExternalTool.OnPath("kcat"))
        {
            Skip = "kcat is not installed (apt-get install kafkacat)";
        }
    }
}

/// <summary>A theory skipped with the reason when kcat is not installed (Debian package kafkacat).</summary>
public sealed class KcatTheoryAttribute : TheoryAttribute
{
    public KcatTheoryAttribute()
    {
        if (!ExternalTool.OnPath("kcat"))
        {
            Skip = "kcat is not installed (apt-get install kafkacat)";
        }
    }
}

/// <summary>Skipped with the reason when Debian's python3-kafka is missing.</summary>
public sealed class PythonKafkaFactAttribute : FactAttribute
{
    public PythonKafkaFactAttribute()
    {
        if (!ExternalTool.PythonHas("kafka"))
        {
            Skip = "python3-kafka is not installed (apt-get install python3-kafka)";
        }
    }
}

/// <summary>Skipped with the reason when node or the sdk-check folder's node_modules is missing.</summary>
public sealed class KafkajsFactAttribute : FactAttribute
{
    public KafkajsFactAttribute()
    {
        var modules = Path.Combine(ExternalTool.RepoRoot, "tools", "KafkaEmulator", "sdk-check", "node_modules", "kafkajs");
        if (!Directory.Exists(modules))
        {
            Skip = $"{modules} is missing (npm ci --prefix tools/KafkaEmulator/sdk-check)";
        }
        else if (!ExternalTool.OnPath("node"))
        {
            Skip = "node is not on PATH";
        }
    }
}
