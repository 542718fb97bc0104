using System.Globalization;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.Agent.Interceptors;

/// <summary>
/// Flume's RegexExtractorInterceptorMillisSerializer: parses the group with a Joda-time pattern (<c>serializers.&lt;s&gt;.pattern</c>)
/// and gives epoch milliseconds. Without a zone in the pattern the text is local time, as Joda's default zone makes it.
/// </summary>
public sealed class RegexExtractorMillisSerializer : IRegexExtractorSerializer
{
    private readonly JodaDateParser _parser;

    /// <param name="pattern">A Joda-time pattern, e.g. <c>yyyy-MM-dd HH:mm</c>.</param>
    /// <param name="zone">The zone of texts without one; the local zone when null.</param>
    public RegexExtractorMillisSerializer(string? pattern, TimeZoneInfo? zone = null)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            throw new ArgumentException("Must configure with a valid pattern", nameof(pattern));
        }
        _parser = new JodaDateParser(pattern, zone ?? TimeZoneInfo.Local);
    }

    public string Serialize(string value) => _parser.ParseMillis(value).ToString(CultureInfo.InvariantCulture);
}
