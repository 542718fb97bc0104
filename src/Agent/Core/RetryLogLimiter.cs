namespace FlumeNet.Agent.Core;

/// <summary>
/// Keeps a retry loop's log volume down (conventions: "logged once per change of cause"): a failure is reported at
/// once when its cause differs from the last one reported, and a failure with the same cause at most once per
/// <see cref="Interval"/> (default one minute), carrying how many failures were not reported since the last line.
/// A success resets it, so the first failure after a recovery is reported again. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// if (_retryLog.ShouldReport(ex.Message, out var repeats))
/// {
///     Log.Warn("Sink '{Sink}' cannot write, retrying: {Reason}{Repeats}", Name, ex.Message, RetryLogLimiter.Suffix(repeats));
/// }
/// ...
/// if (_retryLog.Succeeded(out var failures)) Log.Info("Sink '{Sink}' writes again after {Failures} failed attempts", Name, failures);
/// </code>
/// </example>
public sealed class RetryLogLimiter
{
    private readonly Func<long> _clockMs;
    private readonly object _lock = new();
    private string? _cause;
    private long _lastReportMs;
    private int _unreported;
    private long _failures;

    /// <param name="interval">Least time between two lines for the same cause; one minute when null.</param>
    /// <param name="clockMs">A monotonic millisecond clock (tests); <see cref="Environment.TickCount64"/> when null.</param>
    public RetryLogLimiter(TimeSpan? interval = null, Func<long>? clockMs = null)
    {
        Interval = interval ?? TimeSpan.FromMinutes(1);
        _clockMs = clockMs ?? (() => Environment.TickCount64);
    }

    public TimeSpan Interval { get; }

    /// <summary>Failures since the last success (reported or not).</summary>
    public long Failures
    {
        get
        {
            lock (_lock)
            {
                return _failures;
            }
        }
    }

    /// <summary>
    /// Records one failure with <paramref name="cause"/> (a stable text: the reason without request ids or attempt
    /// numbers). True when it should be logged now; <paramref name="unreported"/> is then how many failures since the
    /// previous line were not logged (0 on a change of cause).
    /// </summary>
    public bool ShouldReport(string cause, out int unreported)
    {
        ArgumentNullException.ThrowIfNull(cause);
        lock (_lock)
        {
            _failures++;
            var now = _clockMs();
            if (!string.Equals(cause, _cause, StringComparison.Ordinal))
            {
                _cause = cause;
                _lastReportMs = now;
                _unreported = 0;
                unreported = 0;
                return true;
            }
            if (now - _lastReportMs >= (long)Interval.TotalMilliseconds)
            {
                unreported = _unreported;
                _unreported = 0;
                _lastReportMs = now;
                return true;
            }
            _unreported++;
            unreported = 0;
            return false;
        }
    }

    /// <summary>Records a success. True when failures came before it (<paramref name="failures"/> of them), so a recovery line is due.</summary>
    public bool Succeeded(out long failures)
    {
        lock (_lock)
        {
            failures = _failures;
            _failures = 0;
            _cause = null;
            _unreported = 0;
            return failures > 0;
        }
    }

    /// <summary>" (N more times since the last report)" for a count above zero, else empty: the tail of a repeated line.</summary>
    public static string Suffix(int unreported) =>
        unreported > 0 ? $" ({unreported.ToString(System.Globalization.CultureInfo.InvariantCulture)} more times since the last report)" : string.Empty;
}
