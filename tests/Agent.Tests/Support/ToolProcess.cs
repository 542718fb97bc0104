using System.Diagnostics;
using System.Text.RegularExpressions;

namespace FlumeNet.Agent.Tests.Support;

/// <summary>
/// A program of <c>tools/</c> (an emulator) started from its build output for the test's configuration, with its output
/// captured; ready once a line matches the tool's readiness pattern (e.g. its listening address).
/// </summary>
public sealed class ToolProcess : IDisposable
{
    private readonly Process _process;

    private ToolProcess(Process process, CapturedOutput output)
    {
        _process = process;
        Output = output;
    }

    public CapturedOutput Output { get; }

    /// <summary>The first match of the readiness pattern.</summary>
    public Match Ready { get; private set; } = Match.Empty;

    /// <param name="project">The folder under <c>tools/</c>, e.g. <c>KafkaEmulator</c>.</param>
    /// <param name="dll">Its assembly, e.g. <c>FlumeNet.KafkaEmulator.dll</c>.</param>
    public static ToolProcess Start(string project, string dll, IEnumerable<string> args, Regex ready, TimeSpan patience,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(ready);
        // The tools build into tools/<name>/bin/<configuration>/net10.0 (the test project references them).
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(RepoPaths.Root, "tools", project, "bin", configuration, "net10.0", dll);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(path);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        var process = Process.Start(psi)!;
        var tool = new ToolProcess(process, new CapturedOutput(process));
        Poll.Until(() => (tool.Ready = ready.Match(tool.Output.Text)).Success || process.HasExited, patience, everyMs: 50);
        if (tool.Ready.Success)
        {
            return tool;
        }
        var output = tool.Output.Text;
        tool.Dispose();
        throw new InvalidOperationException($"{project} did not start: {output}");
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
