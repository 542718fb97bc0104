using System.Diagnostics;

namespace FlumeNet.Agent.Tests.Kafka;

/// <summary>kcat (Debian kafkacat, on librdkafka), the independent producer/consumer these tests check against.</summary>
public static class Kcat
{
    public static bool Installed =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':').Any(d => File.Exists(Path.Combine(d, "kcat")));

    public static (int ExitCode, string Stdout, string Stderr) Run(string bootstrap, string? stdin, params string[] args) =>
        Run(bootstrap, stdin, binary: false, args);

    /// <param name="binary">Standard output is read as ISO-8859-1, so each byte becomes one char (Encoding.Latin1.GetBytes restores them).</param>
    public static (int ExitCode, string Stdout, string Stderr) Run(string bootstrap, string? stdin, bool binary, params string[] args)
    {
        var psi = new ProcessStartInfo("kcat")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = binary ? System.Text.Encoding.Latin1 : System.Text.Encoding.UTF8,
        };
        psi.ArgumentList.Add("-b");
        psi.ArgumentList.Add(bootstrap);
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
        if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("kcat " + string.Join(' ', args) + " hung: " + stderr.Result);
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Every record of the topic, from the start to its current end, formatted with <paramref name="format"/> (-f).</summary>
    public static string[] ReadAll(string bootstrap, string topic, string format = "%s\\n")
    {
        var r = Run(bootstrap, null, "-C", "-t", topic, "-e", "-q", "-f", format);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}

/// <summary>Skipped with the reason when kcat is missing.</summary>
public sealed class KcatFactAttribute : FactAttribute
{
    public KcatFactAttribute()
    {
        if (!Kcat.Installed)
        {
            Skip = "kcat is not installed (apt-get install kafkacat)";
        }
    }
}
