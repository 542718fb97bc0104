using System.Diagnostics;

namespace FlumeNet.Agent.Tests.AvroRpc;

/// <summary>A test driving Debian's python3-avro (an Avro IPC implementation no one here wrote); skipped without it.</summary>
public sealed class PythonAvroFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    public PythonAvroFactAttribute()
    {
        if (!Available.Value)
        {
            Skip = $"{Python} with the avro module is missing (apt-get install python3-avro)";
        }
    }

    private static readonly Lazy<bool> Available = new(() =>
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(Python, ["-c", "import avro.ipc"]) { UseShellExecute = false, RedirectStandardError = true });
            p!.WaitForExit(30_000);
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });
}
