using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.LogHub.Protocol;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.Agent.Sinks.LogHub;

/// <summary>
/// REGEX: the body is matched with <c>regex</c> (Java syntax) and its groups become fields named by <c>fieldNames</c>;
/// a body that does not match becomes one field <c>content</c>. Fields in <c>expandJsonKeys</c> holding a JSON object
/// are expanded into their keys. <c>timeField</c>/<c>timeFormat</c> set the time, patterns read in UTC+8 as the plug-in does.
/// </summary>
internal sealed class RegexEventLogSerializer : IEventLogSerializer
{
    private static readonly TimeZoneInfo ChinaStandardTime = TimeZoneInfo.CreateCustomTimeZone("UTC+8", TimeSpan.FromHours(8), "UTC+8", "UTC+8");
    private readonly Regex _regex;
    private readonly string[] _names;
    private readonly HashSet<string> _expand;
    private readonly Encoding _encoding;
    private readonly string? _timeField;
    private readonly LogTimeParser? _time;

    public RegexEventLogSerializer(string regex, string[] names, string[] expandJsonKeys, Encoding encoding, string? timeField, string? timeFormat)
    {
        _regex = JavaRegex.Compile(regex);
        _names = names;
        _expand = new HashSet<string>(expandJsonKeys, StringComparer.Ordinal);
        _encoding = encoding;
        _timeField = timeField;
        _time = timeField is null ? null : new LogTimeParser(timeFormat, ChinaStandardTime);
    }

    public Log Serialize(FlumeEvent e, uint nowSeconds)
    {
        var body = _encoding.GetString(e.Body);
        var log = new Log { Time = nowSeconds };
        var match = _regex.Match(body);
        if (!match.Success)
        {
            log.Contents.Add(new Log.Types.Content { Key = "content", Value = body });
            return log;
        }
        for (var i = 0; i < _names.Length && i + 1 < match.Groups.Count; i++)
        {
            var value = match.Groups[i + 1].Value;
            if (_names[i] == _timeField && _time!.TryParse(value, out var seconds))
            {
                log.Time = seconds;
            }
            if (_expand.Contains(_names[i]) && TryExpand(value, log))
            {
                continue;
            }
            log.Contents.Add(new Log.Types.Content { Key = _names[i], Value = value });
        }
        return log;
    }

    private static bool TryExpand(string value, Log log)
    {
        try
        {
            using var doc = JsonDocument.Parse(value);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                log.Contents.Add(new Log.Types.Content { Key = p.Name, Value = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText() });
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
