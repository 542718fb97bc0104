using NLog;

namespace FlumeNet.Agent.LogHub;

/// <summary>
/// Logs a repeatedly failing call once per change of its cause (status and error code, else the message), then at
/// most once a minute with the count of failures since (while the cause stays), and once when it works again, so a
/// retry loop never writes a line per attempt. Not thread-safe: one per loop.
/// </summary>
internal sealed class FaultLog
{
    private static readonly TimeSpan ReminderInterval = TimeSpan.FromMinutes(1);
    private readonly Logger _log;
    private readonly string _subject;
    private readonly TimeProvider _clock;
    private string? _cause;
    private long _lastLine;
    private int _repeats;

    public FaultLog(Logger log, string subject, TimeProvider? clock = null)
    {
        _log = log;
        _subject = subject;
        _clock = clock ?? TimeProvider.System;
    }

    public bool Failing => _cause is not null;

    /// <returns>True when this failure was logged (its cause differs from the last one).</returns>
    public bool Failed(Exception ex, string consequence)
    {
        var cause = CauseOf(ex);
        // Errors that need the operator (keys, policy, clock) are ERROR even though they are retried.
        var level = ex is LogHubException { Kind: LogHubErrorKind.Fatal } ? LogLevel.Error : LogLevel.Warn;
        var now = _clock.GetTimestamp();
        if (cause == _cause)
        {
            _repeats++;
            if (_clock.GetElapsedTime(_lastLine, now) < ReminderInterval)
            {
                return false;
            }
            _log.Log(level, "{Subject}: still failing, {Count} more failures in the last {Seconds} s: {Reason}; {Consequence}",
                _subject, _repeats, (int)_clock.GetElapsedTime(_lastLine, now).TotalSeconds, ex.Message, consequence);
            _lastLine = now;
            _repeats = 0;
            return true;
        }
        _cause = cause;
        _lastLine = now;
        _repeats = 0;
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
        _repeats = 0;
        _log.Info("{Subject}: {What} works again", _subject, what);
    }

    private static string CauseOf(Exception ex) => ex is LogHubException { ErrorCode.Length: > 0 } l
        ? $"{l.Status} {l.ErrorCode}"
        : ex.GetType().Name + ": " + ex.Message;
}
