using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FlumeNet.Agent.Tests.Support;

/// <summary>Runs <c>bin/flume-ng</c> as a user would, capturing its output; SIGTERM stops it as an init system would.</summary>
public sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly CapturedOutput _output;

    private AgentProcess(Process process)
    {
        _process = process;
        _output = new CapturedOutput(process);
    }

    public string Output => _output.Text;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>bin/flume-ng, or $FLUMENET_LAUNCHER (an unpacked release's bin/flume-ng: tools/release/check-native.sh).</summary>
    public static string Launcher => Environment.GetEnvironmentVariable("FLUMENET_LAUNCHER") is { Length: > 0 } l ? l : Path.Combine(RepoPaths.Root, "bin", "flume-ng");

    public static AgentProcess Start(string workDir, params string[] args) => Start(workDir, null, args);

    /// <param name="environment">Variables set for the agent (e.g. TZ), on top of the test's own.</param>
    public static AgentProcess Start(string workDir, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        WarmUp();
        return StartWith(Launcher, workDir, environment, args);
    }

    /// <summary>Builds the checkout's agent once (bin/flume-ng would otherwise build inside the first test that starts it).</summary>
    public static void WarmUp() => LauncherWarmUp.Value.GetAwaiter().GetResult();

    /// <summary>
    /// Whether this process ignores SIGHUP (a test host started under <c>nohup</c>): children inherit that, and .NET
    /// then never delivers the signal to a handler. Tests of SIGHUP start the agent through <c>env --default-signal=HUP</c>.
    /// </summary>
    public static bool SighupIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && (ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) & 1) != 0;
    }

    /// <summary>Runs another program the way <see cref="Start(string, string[])"/> runs bin/flume-ng (e.g. an unpacked release's).</summary>
    public static AgentProcess StartWith(string program, string workDir, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo(program)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        return new AgentProcess(Process.Start(psi)!);
    }

    // The launcher builds the agent when a source file is newer than its last build; on a loaded machine that build
    // can outlast a test's wait for "started", so the first test pays for it once, with a bound of its own.
    private static readonly Lazy<Task> LauncherWarmUp = new(() => Task.Run(() =>
    {
        var psi = new ProcessStartInfo(Launcher, "version")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("bin/flume-ng did not build within 15 minutes");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bin/flume-ng version failed: {errors.Result}{output.Result}");
        }
    }));

    /// <summary>A TCP port that was free a moment ago on 127.0.0.1.</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Waits (bounded) until the output contains <paramref name="text"/>.</summary>
    public bool WaitFor(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Poll.Patience);
        while (DateTime.UtcNow < deadline)
        {
            if (Output.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }
            if (_process.HasExited)
            {
                _process.WaitForExit();
                return Output.Contains(text, StringComparison.Ordinal);
            }
            Thread.Sleep(50);
        }
        return false;
    }

    /// <summary>Sends a signal by name (HUP, TERM, ...).</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Sends SIGTERM (Process.Kill would send SIGKILL).</summary>
    public void Terminate() => Signal("TERM");

    public bool WaitForExit(TimeSpan? timeout = null)
    {
        var ok = _process.WaitForExit(timeout ?? Poll.Patience);
        if (ok)
        {
            _process.WaitForExit();
        }
        return ok;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
