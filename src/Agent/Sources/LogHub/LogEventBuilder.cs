using System.Buffers;
using System.Globalization;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.LogHub;

namespace FlumeNet.Agent.Sources.LogHub;

/// <summary>
/// Builds one Flume event per decoded log: the body from the configured format, and the one header LogHub sources set,
/// <c>timestamp</c> = the log's time × 1000 with <c>useRecordTime</c>, else the time of the pull, in ms.
/// </summary>
internal sealed class LogEventBuilder : ILogRecordVisitor
{
    private readonly ILogBodyFormat _format;
    private readonly bool _useRecordTime;
    private readonly ArrayBufferWriter<byte> _body = new(1024);
    private List<FlumeEvent> _events = [];
    private string _pullTime = "0";
    private uint _lastTime = uint.MaxValue;
    private string _lastTimeText = "";

    public LogEventBuilder(ILogBodyFormat format, bool useRecordTime)
    {
        _format = format;
        _useRecordTime = useRecordTime;
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
        _body.ResetWrittenCount();
        _format.Write(record, timestamp, _body);
        var headers = new Dictionary<string, string>(1, StringComparer.Ordinal) { ["timestamp"] = timestamp };
        _events.Add(new FlumeEvent(_body.WrittenSpan.ToArray(), headers));
    }
}
