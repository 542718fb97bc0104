using NLog;

namespace FlumeNet.Agent.LogHub;

/// <summary>
/// Logs a repeatedly failing call once per change of its cause (status and error code, else the message), and once
/// when it works again, so a retry loop never writes a line per attempt. Not thread-safe: one per loop.
/// </summary>
internal sealed class FaultLog
{
    private readonly Logger _log;
    private readonly string _subject;
    private string? _cause;

    public FaultLog(Logger log, string subject)
    {
        _log = log;
        _subject = subject;
    }

    public bool Failing => _cause is not null;

    /// <returns>True when this failure was logged (its cause differs from the last one).</returns>
    public bool Failed(Exception ex, string consequence)
    {
        var cause = CauseOf(ex);
        if (cause == _cause)
        {
            return false;
        }
        _cause = cause;
        // Errors that need the operator (keys, policy, clock) are ERROR even though they are retried.
        var level = ex is LogHubException { Kind: LogHubErrorKind.Fatal } ? LogLevel.Error : LogLevel.Warn;
        _log.Log(level, "{Subject}: {Reason}; {Consequence}", _subject, ex.Message, consequence);
        return true;
    }

    public void Succeeded(string what)
    {
        if (_cause is null)
        {
            return;
        }
        _cause = null;
        _log.Info("{Subject}: {What} works again", _subject, what);
    }

    private static string CauseOf(Exception ex) => ex is LogHubException { ErrorCode.Length: > 0 } l
        ? $"{l.Status} {l.ErrorCode}"
        : ex.GetType().Name + ": " + ex.Message;
}
