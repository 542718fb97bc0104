using System.Diagnostics;
using System.Text;

namespace FlumeNet.Agent.Tests.Support;

/// <summary>Collects a started process's standard output and error, line by line, for assertions while it runs.</summary>
public sealed class CapturedOutput
{
    private readonly StringBuilder _text = new();

    public CapturedOutput(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_text)
        {
            _text.AppendLine(line);
        }
    }
}
