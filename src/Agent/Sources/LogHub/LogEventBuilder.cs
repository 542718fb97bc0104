using System.Buffers;
using System.Globalization;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.LogHub;

namespace FlumeNet.Agent.Sources.LogHub;

/// <summary>
/// Builds one Flume event per decoded log: the body from the configured format, and the one header LogHub sources set,
/// <c>timestamp</c> = the log's time × 1000 with <c>useRecordTime</c>, else the time of the pull, in ms.
/// With <c>shareHeaders</c> (no interceptor between this source and its channels) events with the same timestamp
/// share one header map: nothing downstream of the interceptors changes an event's headers (an event put into two
/// channels is one object in both already), and a map per event was a third of what a log allocated.
/// </summary>
internal sealed class LogEventBuilder : ILogRecordVisitor
{
    private readonly ILogBodyFormat _format;
    private readonly bool _useRecordTime;
    private readonly bool _shareHeaders;
    private readonly ArrayBufferWriter<byte> _body = new(1024);
    private List<FlumeEvent> _events = [];
    private string _pullTime = "0";
    private uint _lastTime = uint.MaxValue;
    private string _lastTimeText = "";
    private Dictionary<string, string>? _shared;
    private string? _sharedTimestamp;

    public LogEventBuilder(ILogBodyFormat format, bool useRecordTime, bool shareHeaders = false)
    {
        _format = format;
        _useRecordTime = useRecordTime;
        _shareHeaders = shareHeaders;
    }

    /// <summary>Starts a pull: events are appended to <paramref name="events"/>.</summary>
    public void Begin(List<FlumeEvent> events, long nowMillis)
    {
        _events = events;
        _pullTime = nowMillis.ToString(CultureInfo.InvariantCulture);
    }

    public void Visit(LogRecord record)
    {
        var timestamp = _pullTime;
        if (_useRecordTime)
        {
            // Logs of a group mostly share a second: reuse the text.
            if (record.Time != _lastTime)
            {
                _lastTime = record.Time;
                _lastTimeText = (record.Time * 1000L).ToString(CultureInfo.InvariantCulture);
            }
            timestamp = _lastTimeText;
        }
        var body = _format.ToBody(record, timestamp, _body);
        Dictionary<string, string> headers;
        if (!_shareHeaders)
        {
            headers = Headers(timestamp);
        }
        else if (ReferenceEquals(timestamp, _sharedTimestamp) && _shared is not null)
        {
            headers = _shared;
        }
        else
        {
            headers = _shared = Headers(timestamp);
            _sharedTimestamp = timestamp;
        }
        _events.Add(new FlumeEvent(body, headers));
    }

    private static Dictionary<string, string> Headers(string timestamp) => new(1, StringComparer.Ordinal) { ["timestamp"] = timestamp };
}
