using System.Diagnostics;
using System.Text;

namespace FlumeNet.ConfigParser.Filters;

/// <summary>
/// Flume's <c>external</c> filter: runs <c>command</c> (split on whitespace) with the key as the last argument and uses
/// the first line of its output, decoded with <c>charset</c>. A non-zero exit, a failure to start or a time-out gives null.
/// </summary>
public sealed class ExternalProcessConfigFilter : IConfigFilter
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly string[] _command;
    private readonly Encoding _encoding;

    public ExternalProcessConfigFilter(string command, string? charset)
    {
        _command = command.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        _encoding = charset is null ? Encoding.UTF8 : Encoding.GetEncoding(charset);
    }

    public string? Filter(string key)
    {
        var psi = new ProcessStartInfo(_command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = _encoding,
            UseShellExecute = false,
        };
        for (var i = 1; i < _command.Length; i++)
        {
            psi.ArgumentList.Add(_command[i]);
        }
        psi.ArgumentList.Add(key);
        try
        {
            using var process = Process.Start(psi);
            if (process is null)
            {
                return null;
            }
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(Timeout) || process.ExitCode != 0)
            {
                return null;
            }
            var nl = output.IndexOfAny(['\r', '\n']);
            return nl < 0 ? output : output[..nl];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
