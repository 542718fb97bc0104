using System.Globalization;
using System.Text;
using System.Text.Json;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.LogHub.Protocol;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.Agent.Sinks.LogHub;

/// <summary>
/// JSON: each top-level key of the body's object becomes a field, its value as text (nested JSON as written, null as
/// <c>"null"</c>). <c>timeField</c> with <c>timeFormat</c> (<c>epoch</c> seconds, or a date pattern read in UTC) sets
/// the log's time; a value that does not parse leaves the current time.
/// </summary>
internal sealed class JsonEventLogSerializer : IEventLogSerializer
{
    private readonly Encoding _encoding;
    private readonly string? _timeField;
    private readonly LogTimeParser? _time;

    public JsonEventLogSerializer(Encoding encoding, string? timeField, string? timeFormat)
    {
        _encoding = encoding;
        _timeField = timeField;
        _time = timeField is null ? null : new LogTimeParser(timeFormat, TimeZoneInfo.Utc);
    }

    public Log Serialize(FlumeEvent e, uint nowSeconds)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(_encoding.GetString(e.Body));
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the body is not JSON: {ex.Message}", ex);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the body is not a JSON object");
            }
            var log = new Log { Time = nowSeconds };
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                var value = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString() ?? "",
                    JsonValueKind.Null => "null",
                    _ => p.Value.GetRawText(),
                };
                if (p.Name == _timeField && _time!.TryParse(value, out var seconds))
                {
                    log.Time = seconds;
                }
                log.Contents.Add(new Log.Types.Content { Key = p.Name, Value = value });
            }
            return log;
        }
    }
}

/// <summary>A log time from text: <c>epoch</c> (unix seconds) or a Java/Joda date pattern in a given zone.</summary>
internal sealed class LogTimeParser(string? format, TimeZoneInfo zone)
{
    private readonly JodaDateParser? _pattern = format is null or "epoch" ? null : new JodaDateParser(format, zone);

    public bool TryParse(string text, out uint seconds)
    {
        seconds = 0;
        if (_pattern is null)
        {
            return uint.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out seconds);
        }
        try
        {
            seconds = (uint)(_pattern.ParseMillis(text.Trim()) / 1000);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
