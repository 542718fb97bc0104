using System.Globalization;
using System.Text;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.LogHub.Protocol;

namespace FlumeNet.Agent.Sinks.LogHub;

/// <summary>
/// DELIMITED: the body is one CSV line (opencsv parser rules: separator, quote and escape characters; a doubled quote
/// inside quotes is a quote), its fields named by <c>columns</c> in order; extra fields are ignored, missing ones
/// left out. With <c>useRecordTime</c> a column named <c>timestamp</c> holding unix seconds sets the log's time.
/// </summary>
internal sealed class DelimitedEventLogSerializer : IEventLogSerializer
{
    private readonly string[] _columns;
    private readonly char _separator;
    private readonly char _quote;
    private readonly char _escape;
    private readonly bool _useRecordTime;
    private readonly List<string> _fields = [];
    private readonly StringBuilder _field = new();

    public DelimitedEventLogSerializer(string[] columns, char separator, char quote, char escape, bool useRecordTime)
    {
        _columns = columns;
        _separator = separator;
        _quote = quote;
        _escape = escape;
        _useRecordTime = useRecordTime;
    }

    public Log Serialize(FlumeEvent e, uint nowSeconds)
    {
        Parse(Encoding.UTF8.GetString(e.Body).TrimEnd('\r', '\n'));
        var log = new Log { Time = nowSeconds };
        for (var i = 0; i < _columns.Length && i < _fields.Count; i++)
        {
            if (_useRecordTime && _columns[i] == "timestamp" && uint.TryParse(_fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                log.Time = seconds;
                continue;
            }
            log.Contents.Add(new Log.Types.Content { Key = _columns[i], Value = _fields[i] });
        }
        return log;
    }

    internal List<string> Parse(string line)
    {
        _fields.Clear();
        _field.Clear();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                var next = i + 1 < line.Length ? line[i + 1] : '\0';
                if (c == _escape && (next == _quote || next == _escape) && i + 1 < line.Length)
                {
                    _field.Append(next);
                    i++;
                }
                else if (c == _quote)
                {
                    quoted = false;
                }
                else
                {
                    _field.Append(c);
                }
            }
            else if (c == _quote)
            {
                quoted = true;
            }
            else if (c == _separator)
            {
                _fields.Add(_field.ToString());
                _field.Clear();
            }
            else
            {
                _field.Append(c);
            }
        }
        if (quoted)
        {
            throw new FormatException("an unterminated quoted field");
        }
        _fields.Add(_field.ToString());
        return _fields;
    }
}
