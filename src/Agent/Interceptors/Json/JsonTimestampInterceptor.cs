using System.Globalization;
using System.Text.Json;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.Agent.Interceptors.Json;

/// <summary>
/// Sets the <c>timestamp</c> header (epoch milliseconds, as the HDFS sink's time escapes read it) from a field of a JSON
/// body: epoch seconds or milliseconds, or a date text in a Joda-time pattern. What the corpus' custom Java
/// "TimestampInterceptor"s do, without a jar. An event whose field is missing or unreadable is kept without the header,
/// or dropped with <c>dropOnError</c>.
/// </summary>
public sealed class JsonTimestampInterceptor : IInterceptor
{
    private readonly JsonFieldPath _field;
    private readonly JsonTimeFormat _format;
    private readonly JodaDateParser? _parser;
    private readonly string _header;
    private readonly bool _preserveExisting;
    private readonly bool _dropOnError;

    public JsonTimestampInterceptor(string field, string format, TimeZoneInfo zone, string header, bool preserveExisting, bool dropOnError)
    {
        _field = new JsonFieldPath(field);
        (_format, _parser) = format.ToLowerInvariant() switch
        {
            "seconds" => (JsonTimeFormat.Seconds, (JodaDateParser?)null),
            "millis" => (JsonTimeFormat.Millis, null),
            "auto" => (JsonTimeFormat.Auto, null),
            _ => (JsonTimeFormat.Pattern, new JodaDateParser(format, zone)),
        };
        _header = header;
        _preserveExisting = preserveExisting;
        _dropOnError = dropOnError;
    }

    public static JsonTimestampInterceptor Create(BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var zoneId = o.GetString("timeZone");
        var zone = string.IsNullOrEmpty(zoneId) ? TimeZoneInfo.Local : TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        return new JsonTimestampInterceptor(o.RequiredString("field"), o.GetString("format") ?? "auto", zone,
            o.GetString("headerName") ?? "timestamp", o.GetBool("preserveExisting", false), o.GetBool("dropOnError", false));
    }

    public FlumeEvent? Intercept(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (_preserveExisting && e.Header(_header) is not null)
        {
            return e;
        }
        using var doc = JsonFieldPath.ParseObject(e.Body);
        if (doc is not null && _field.TryFind(doc.RootElement, out var value) && TryMillis(value, out var millis))
        {
            e.Headers[_header] = millis.ToString(CultureInfo.InvariantCulture);
            return e;
        }
        return _dropOnError ? null : e;
    }

    private bool TryMillis(JsonElement value, out long millis)
    {
        millis = 0;
        if (_format == JsonTimeFormat.Pattern)
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            try
            {
                millis = _parser!.ParseMillis(text ?? string.Empty);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }
        double number;
        if (value.ValueKind == JsonValueKind.Number)
        {
            number = value.GetDouble();
        }
        else if (value.ValueKind != JsonValueKind.String
            || !double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number))
        {
            return false;
        }
        // Auto: epoch seconds stay below 10^11 until the year 5138, epoch milliseconds are above it since 1973.
        var seconds = _format == JsonTimeFormat.Seconds || (_format == JsonTimeFormat.Auto && Math.Abs(number) < 1e11);
        var result = seconds ? number * 1000 : number;
        if (double.IsNaN(result) || result > long.MaxValue || result < long.MinValue)
        {
            return false;
        }
        millis = (long)Math.Floor(result);
        return true;
    }

    private enum JsonTimeFormat
    {
        Auto,
        Seconds,
        Millis,
        Pattern,
    }
}
