using System.Diagnostics;
using System.Text;

namespace FlumeNet.ConfigParser.Filters;

/// <summary>
/// Flume's <c>external</c> filter: runs <c>command</c> (split on whitespace) with the key as the last argument and uses
/// the first line of its output, decoded with <c>charset</c>. A non-zero exit, a failure to start or a time-out gives
/// null. Bounded: the command is killed after <see cref="Timeout"/>, stderr is read and discarded (a chatty command
/// cannot block on a full pipe), and at most <see cref="MaxOutputChars"/> of stdout are kept.
/// </summary>
public sealed class ExternalProcessConfigFilter : IConfigFilter
{
    public const int MaxOutputChars = 1024 * 1024;
    private readonly string[] _command;
    private readonly Encoding _encoding;

    /// <exception cref="ArgumentException"><paramref name="charset"/> names no charset this platform knows.</exception>
    public ExternalProcessConfigFilter(string command, string? charset, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        _command = command.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        _encoding = charset is null ? Encoding.UTF8 : ResolveCharset(charset);
        Timeout = timeout ?? TimeSpan.FromSeconds(10);
    }

    public TimeSpan Timeout { get; }

    /// <summary>The encoding for a Java charset name, or an <see cref="ArgumentException"/> naming it.</summary>
    public static Encoding ResolveCharset(string charset)
    {
        ArgumentNullException.ThrowIfNull(charset);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        try
        {
            return Encoding.GetEncoding(charset.Trim());
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"charset '{charset}' is not a charset this agent knows", nameof(charset), ex);
        }
    }

    public string? Filter(string key)
    {
        if (_command.Length == 0)
        {
            return null;
        }
        var psi = new ProcessStartInfo(_command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = _encoding,
            UseShellExecute = false,
        };
        for (var i = 1; i < _command.Length; i++)
        {
            psi.ArgumentList.Add(_command[i]);
        }
        psi.ArgumentList.Add(key);
        Process? process;
        try
        {
            process = Process.Start(psi);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
        if (process is null)
        {
            return null;
        }
        using (process)
        {
            process.StandardInput.Close();
            var deadline = Environment.TickCount64 + (long)Timeout.TotalMilliseconds;
            var stdout = ReadLimitedAsync(process.StandardOutput);
            var stderr = ReadLimitedAsync(process.StandardError);
            var exited = process.WaitForExit(Timeout);
            if (!exited)
            {
                Kill(process);
                return null;
            }
            // A child the command left behind may hold the pipes open: the output counts only if it ends in time too.
            var left = Math.Max(0, deadline - Environment.TickCount64);
            if (!Task.WaitAll([stdout, stderr], TimeSpan.FromMilliseconds(left)))
            {
                Kill(process);
                return null;
            }
            if (process.ExitCode != 0)
            {
                return null;
            }
            var output = stdout.Result;
            var nl = output.IndexOfAny(['\r', '\n']);
            return nl < 0 ? output : output[..nl];
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    // Keeps the first MaxOutputChars and discards the rest, reading to the end so the writer never blocks.
    private static async Task<string> ReadLimitedAsync(StreamReader reader)
    {
        var kept = new StringBuilder();
        var buffer = new char[8192];
        try
        {
            int n;
            while ((n = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                var room = MaxOutputChars - kept.Length;
                if (room > 0)
                {
                    kept.Append(buffer, 0, Math.Min(room, n));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The process was killed or its pipe closed: what was read is all there is.
        }
        return kept.ToString();
    }
}
