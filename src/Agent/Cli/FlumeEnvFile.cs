using System.Diagnostics;
using System.Text;

namespace FlumeNet.Agent.Cli;

/// <summary>
/// <c>flume-env.sh</c> in the <c>-c</c> folder, sourced as Flume's launcher sources it (bash): its exported variables
/// become the agent's environment (so <c>${env:…}</c> sees them) and the <c>-D</c> flags of <c>JAVA_OPTS</c> become
/// system properties unless the command line sets them; heap and other JVM flags are reported as ignored.
/// </summary>
public static class FlumeEnvFile
{
    public const string FileName = "flume-env.sh";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Sources the file and applies it to this process and <paramref name="args"/>; returns one note per effect (names only, never values).</summary>
    public static List<string> Apply(string confDir, AgentArguments args)
    {
        ArgumentNullException.ThrowIfNull(confDir);
        ArgumentNullException.ThrowIfNull(args);
        var notes = new List<string>();
        var path = Path.Combine(confDir, FileName);
        if (!File.Exists(path))
        {
            return notes;
        }
        if (!TrySource(path, out var variables, out var javaOpts, out var problem))
        {
            notes.Add($"{path}: not applied: {problem}");
            return notes;
        }
        foreach (var (name, value) in variables)
        {
            if (name is "JAVA_OPTS" || Environment.GetEnvironmentVariable(name) == value)
            {
                continue;
            }
            Environment.SetEnvironmentVariable(name, value);
            notes.Add($"{path}: exported {name}");
        }
        foreach (var opt in javaOpts.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (opt.StartsWith("-D", StringComparison.Ordinal) && opt.Length > 2)
            {
                var eq = opt.IndexOf('=', StringComparison.Ordinal);
                var key = eq < 0 ? opt[2..] : opt[2..eq];
                var value = eq < 0 ? string.Empty : opt[(eq + 1)..];
                if (args.SystemProperties.ContainsKey(key))
                {
                    notes.Add($"{path}: JAVA_OPTS -D{key} not applied: the command line sets it");
                    continue;
                }
                args.SystemProperties[key] = value;
                notes.Add($"{path}: JAVA_OPTS -D{key} applied");
            }
            else
            {
                notes.Add($"{path}: JAVA_OPTS {(opt.StartsWith("-X", StringComparison.Ordinal) ? opt : opt.Split('=', 2)[0])}: a JVM option, ignored (this agent has no JVM)");
            }
        }
        return notes;
    }

    private static bool TrySource(string path, out Dictionary<string, string> variables, out string javaOpts, out string problem)
    {
        variables = new Dictionary<string, string>(StringComparer.Ordinal);
        javaOpts = string.Empty;
        problem = string.Empty;
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        // The script's own output goes to stderr (discarded); then JAVA_OPTS (a plain shell variable) and the exported environment, NUL-separated.
        foreach (var a in new[] { "-c", ". \"$1\" 1>&2; printf '%s\\0' \"${JAVA_OPTS-}\"; env -0", "flume-env", path })
        {
            psi.ArgumentList.Add(a);
        }
        try
        {
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(Timeout) || !stdout.Wait(Timeout))
            {
                p.Kill(entireProcessTree: true);
                problem = $"sourcing it took more than {Timeout.TotalSeconds} s";
                return false;
            }
            _ = stderr.Wait(TimeSpan.FromSeconds(1));
            var parts = stdout.Result.Split('\0');
            if (parts.Length < 1)
            {
                problem = "bash printed nothing";
                return false;
            }
            javaOpts = parts[0];
            for (var i = 1; i < parts.Length; i++)
            {
                var eq = parts[i].IndexOf('=', StringComparison.Ordinal);
                if (eq > 0 && parts[i][..eq] is var name && name is not ("_" or "SHLVL" or "PWD" or "OLDPWD"))
                {
                    variables[name] = parts[i][(eq + 1)..];
                }
            }
            return true;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            problem = $"bash could not run it: {ex.Message}";
            return false;
        }
    }
}
