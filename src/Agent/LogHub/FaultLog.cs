using FlumeNet.Agent.Core;
using NLog;

namespace FlumeNet.Agent.LogHub;

/// <summary>
/// Logs a repeatedly failing call once per change of its cause (status and error code, else the message), then at
/// most once a minute with the count of failures since (while the cause stays), and once when it works again, so a
/// retry loop never writes a line per attempt. Not thread-safe: one per loop.
/// </summary>
internal sealed class FaultLog
{
    private readonly Logger _log;
    private readonly string _subject;
    private readonly TimeProvider _clock;
    private readonly RetryLogLimiter _limiter;
    private long _lastLine;
    private string? _lastCause;

    public FaultLog(Logger log, string subject, TimeProvider? clock = null)
    {
        _log = log;
        _subject = subject;
        _clock = clock ?? TimeProvider.System;
        _limiter = new RetryLogLimiter(TimeSpan.FromMinutes(1), () => (long)_clock.GetElapsedTime(0, _clock.GetTimestamp()).TotalMilliseconds);
    }

    public bool Failing => _limiter.Failures > 0;

    /// <returns>True when this failure was logged (a new cause, or the once-a-minute reminder).</returns>
    public bool Failed(Exception ex, string consequence)
    {
        // Errors that need the operator (keys, policy, clock) are ERROR even though they are retried.
        var level = ex is LogHubException { Kind: LogHubErrorKind.Fatal } ? LogLevel.Error : LogLevel.Warn;
        var cause = CauseOf(ex);
        if (!_limiter.ShouldReport(cause, out var unreported))
        {
            return false;
        }
        var now = _clock.GetTimestamp();
        if (string.Equals(cause, _lastCause, StringComparison.Ordinal))
        {
            // The same cause as the last line: the limiter let the once-a-minute reminder through.
            _log.Log(level, "{Subject}: still failing, {Count} more failures in the last {Seconds} s: {Reason}; {Consequence}",
                _subject, unreported + 1, (int)_clock.GetElapsedTime(_lastLine, now).TotalSeconds, ex.Message, consequence);
        }
        else
        {
            _log.Log(level, "{Subject}: {Reason}; {Consequence}", _subject, ex.Message, consequence);
        }
        _lastLine = now;
        _lastCause = cause;
        return true;
    }

    public void Succeeded(string what)
    {
        if (_limiter.Succeeded(out _))
        {
            _lastCause = null;
            _log.Info("{Subject}: {What} works again", _subject, what);
        }
    }

    private static string CauseOf(Exception ex) => ex is LogHubException { ErrorCode.Length: > 0 } l
        ? $"{l.Status} {l.ErrorCode}"
        : ex.GetType().Name + ": " + ex.Message;
}
