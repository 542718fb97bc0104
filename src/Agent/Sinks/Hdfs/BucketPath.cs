using System.Text;
using FlumeNet.Agent.Core;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>
/// A compiled <c>hdfs.path</c> / <c>hdfs.filePrefix</c> template (Flume's BucketPath, reference §2): compile once, then
/// <see cref="Expand"/> per event. An instance keeps a scratch buffer and small caches, so it is not thread-safe; the sink
/// uses its templates from its own runner thread.
/// </summary>
public sealed class BucketPath
{
    private const int MaxQuotedHeader = 64;
    private const int RecentResults = 4; // a power of two

    private readonly BucketToken[] _tokens;
    private readonly bool _needsCalendar;
    private readonly string? _constant;
    private readonly StringBuilder _sb = new();

    // Recent expansions, so a batch that cycles through a few buckets (hosts, hours) allocates no new strings.
    private readonly string[] _recent = new string[RecentResults];
    private int _nextRecent;

    // One-entry caches: events of a batch usually share a second.
    private TimeZoneInfo? _roundZone;
    private BucketRoundUnit _roundUnit;
    private int _roundValue;
    private long _roundSecond = long.MinValue;
    private long _roundResult;
    private TimeZoneInfo? _timeZone;
    private long _timeSecond = long.MinValue;
    private BucketTime _time;

    // The last expansion by timestamp header text: consecutive events usually carry the same text (a LogHub pull
    // shares one string per second), and without header escapes the result depends on nothing else.
    private readonly bool _hasHeaderTokens;
    private string? _lastRaw;
    private string? _lastExpansion;
    private TimeZoneInfo? _lastZone;
    private (bool Round, BucketRoundUnit Unit, int Value) _lastRounding;

    private BucketPath(string template, BucketToken[] tokens)
    {
        Template = template;
        _tokens = tokens;
        IsStatic = true;
        foreach (var t in tokens)
        {
            if (t.Kind == BucketTokenKind.Shorthand)
            {
                NeedsTimestamp = true;
                _needsCalendar |= BucketTimeFormatter.IsCalendarLetter(t.Letter);
            }
            IsStatic &= t.Kind is BucketTokenKind.Literal or BucketTokenKind.Static;
            _hasHeaderTokens |= t.Kind == BucketTokenKind.Header;
        }
        if (IsStatic)
        {
            foreach (var t in tokens)
            {
                _sb.Append(t.Text);
            }
            _constant = _sb.ToString();
            _sb.Clear();
        }
    }

    public string Template { get; }

    /// <summary>
    /// True when the template has any <c>%x</c> shorthand. As in Flume, that includes <c>%%</c> and unknown letters: each
    /// needs the timestamp header (or <see cref="BucketContext.UseLocalTimeStamp"/>) even though it prints no time.
    /// </summary>
    public bool NeedsTimestamp { get; }

    /// <summary>True when every event expands to the same string: only literals and static host escapes.</summary>
    public bool IsStatic { get; }

    internal IReadOnlyList<BucketToken> Tokens => _tokens;

    /// <summary>
    /// Compiles <paramref name="template"/>. <paramref name="host"/> supplies the static escapes; null = this machine,
    /// resolved only if the template has one.
    /// </summary>
    /// <exception cref="BucketPathException">An unknown static escape such as <c>%[abc]</c>, or the local host cannot be resolved.</exception>
    public static BucketPath Compile(string template, HostIdentity? host = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        var tokens = BucketTemplateParser.Parse(template, host is null ? static () => HostIdentity.Local : () => host);
        return new BucketPath(template, [.. tokens]);
    }

    /// <summary>Expands the template for one event.</summary>
    /// <exception cref="BucketPathException">
    /// The template needs the event time and the <c>timestamp</c> header is missing or not a Java long, or rounding got a
    /// timestamp ≤ 0. The sink rolls the batch back.
    /// </exception>
    public string Expand(FlumeEvent e, in BucketContext context) =>
        Expand(e, context, context.TimeZone ?? TimeZoneInfo.Local);

    /// <summary><see cref="Expand(FlumeEvent, in BucketContext)"/> with the zone already resolved (tests fix the "local" zone).</summary>
    internal string Expand(FlumeEvent e, in BucketContext context, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (_constant is not null)
        {
            return _constant;
        }
        long ts = 0;
        long clock = 0;
        string? raw = null;
        if (NeedsTimestamp)
        {
            if (context.UseLocalTimeStamp)
            {
                // Read once per expansion so %H and %M can never straddle a boundary (Flume's testDateRace).
                ts = context.Clock?.Invoke() ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                clock = ts;
            }
            else
            {
                raw = e.Header("timestamp") ?? throw MissingTimestamp();
                if (!_hasHeaderTokens && ReferenceEquals(zone, _lastZone) && _lastRounding == (context.Round, context.RoundUnit, context.RoundValue)
                    && string.Equals(raw, _lastRaw, StringComparison.Ordinal))
                {
                    return _lastExpansion!;
                }
                if (!JavaLong.TryParse(raw, out ts))
                {
                    throw UnparsableTimestamp(raw);
                }
            }
            if (context.Round)
            {
                ts = Round(ts, context.RoundUnit, context.RoundValue, zone);
            }
            if (_needsCalendar)
            {
                LoadTime(ts, zone);
            }
        }

        var sb = _sb;
        sb.Clear();
        foreach (var t in _tokens)
        {
            switch (t.Kind)
            {
                case BucketTokenKind.Literal:
                case BucketTokenKind.Static:
                    sb.Append(t.Text);
                    break;
                case BucketTokenKind.Header:
                    sb.Append(e.Header(t.Text));
                    break;
                default:
                    AppendShorthand(sb, t.Letter, ts, raw, clock);
                    break;
            }
        }
        var result = Intern(sb);
        if (raw is not null)
        {
            _lastRaw = raw;
            _lastExpansion = result;
            _lastZone = zone;
            _lastRounding = (context.Round, context.RoundUnit, context.RoundValue);
        }
        return result;
    }

    private string Intern(StringBuilder sb)
    {
        foreach (var recent in _recent)
        {
            if (recent is not null && sb.Equals(recent.AsSpan()))
            {
                return recent;
            }
        }
        var result = sb.ToString();
        _recent[_nextRecent] = result;
        _nextRecent = (_nextRecent + 1) & (RecentResults - 1);
        return result;
    }

    private void AppendShorthand(StringBuilder sb, char letter, long ts, string? raw, long clock)
    {
        switch (letter)
        {
            case '%':
                sb.Append('%');
                break;
            case 's':
                // Java long division truncates toward zero: -1500 ms prints -1.
                sb.Append(ts / 1000);
                break;
            case 't':
                // The header as written (+123, 00123), never rounded; with the agent clock, its raw reading.
                if (raw is not null)
                {
                    sb.Append(raw);
                }
                else
                {
                    sb.Append(clock);
                }
                break;
            default:
                BucketTimeFormatter.Append(sb, letter, _time);
                break;
        }
    }

    private long Round(long ts, BucketRoundUnit unit, int value, TimeZoneInfo zone)
    {
        // The result depends on the wall-clock second only (rounding zeroes the milliseconds), so cache on it.
        if (ts > 0)
        {
            var second = ts / 1000;
            if (second == _roundSecond && ReferenceEquals(zone, _roundZone) && unit == _roundUnit && value == _roundValue)
            {
                return _roundResult;
            }
            _roundResult = TimestampRounder.RoundDown(ts, unit, value, zone);
            (_roundSecond, _roundZone, _roundUnit, _roundValue) = (second, zone, unit, value);
            return _roundResult;
        }
        return TimestampRounder.RoundDown(ts, unit, value, zone);
    }

    private void LoadTime(long ts, TimeZoneInfo zone)
    {
        var second = Math.DivRem(ts, 1000, out var ms);
        if (ms < 0)
        {
            second--;
        }
        if (second == _timeSecond && ReferenceEquals(zone, _timeZone))
        {
            return;
        }
        BucketTime.CheckRange(ts);
        _time = BucketTime.At(second, zone);
        (_timeSecond, _timeZone) = (second, zone);
    }

    private BucketPathException MissingTimestamp() =>
        new($"Expected timestamp in the Flume event headers, but it was null: '{Template}' needs the event time; " +
            "add a timestamp interceptor to the source or set hdfs.useLocalTimeStamp = true");

    private BucketPathException UnparsableTimestamp(string raw)
    {
        var shown = raw.Length > MaxQuotedHeader ? raw[..MaxQuotedHeader] + "…" : raw;
        return new($"Flume wasn't able to parse timestamp header '{shown}' in the event to resolve time based bucketing " +
            $"for '{Template}': it must be epoch milliseconds as a decimal long; populate it correctly " +
            "(for example with the timestamp interceptor) or set hdfs.useLocalTimeStamp = true");
    }
}
