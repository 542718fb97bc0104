using System.Text;
using System.Text.RegularExpressions;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.Agent.Interceptors;

/// <summary>
/// Flume's regex_extractor interceptor (reference §6.4): on the first match of <c>regex</c> in the body (decoded as
/// UTF-8), capture group N goes through the Nth listed serializer into that serializer's header. Groups beyond the
/// serializer list are skipped; without a match the event is unchanged.
/// </summary>
public sealed class RegexExtractorInterceptor : IInterceptor
{
    public const string MillisSerializerClass = "org.apache.flume.interceptor.RegexExtractorInterceptorMillisSerializer";
    public const string PassThroughSerializerClass = "org.apache.flume.interceptor.RegexExtractorInterceptorPassThroughSerializer";
    private readonly Regex _regex;
    private readonly (string Header, IRegexExtractorSerializer Serializer)[] _serializers;
    private readonly int _groups;

    public RegexExtractorInterceptor(string javaRegex, IReadOnlyList<(string Header, IRegexExtractorSerializer Serializer)> serializers)
    {
        ArgumentException.ThrowIfNullOrEmpty(javaRegex);
        ArgumentNullException.ThrowIfNull(serializers);
        if (serializers.Count == 0)
        {
            throw new ArgumentException("Must supply a valid group match id list", nameof(serializers));
        }
        var translated = JavaRegex.Translate(javaRegex);
        _regex = translated.ToRegex();
        _serializers = [.. serializers];
        _groups = Math.Min(translated.GroupCount, _serializers.Length);
    }

    public static RegexExtractorInterceptor Create(BoundOptions o) => Create(o, null);

    /// <param name="o">The interceptor's options.</param>
    /// <param name="zone">The zone of dates without one, for the millis serializer; the local zone when null.</param>
    public static RegexExtractorInterceptor Create(BoundOptions o, TimeZoneInfo? zone)
    {
        ArgumentNullException.ThrowIfNull(o);
        var regex = o.Raw("regex");
        if (string.IsNullOrEmpty(regex))
        {
            throw new ArgumentException($"Interceptor '{o.Name}': must supply a valid regex string");
        }
        var names = (o.Raw("serializers") ?? string.Empty).Split([' ', '\t', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
        {
            throw new ArgumentException($"Interceptor '{o.Name}': must supply at least one name and serializer");
        }
        var settings = o.Sub("serializers.");
        var serializers = new List<(string, IRegexExtractorSerializer)>(names.Length);
        foreach (var name in names)
        {
            var header = settings.GetValueOrDefault(name + ".name");
            if (string.IsNullOrEmpty(header))
            {
                throw new ArgumentException($"Interceptor '{o.Name}': serializers.{name}.name must name a header");
            }
            serializers.Add((header, Serializer(o.Name, name, settings, zone)));
        }
        return new RegexExtractorInterceptor(regex, serializers);
    }

    public FlumeEvent? Intercept(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var match = _regex.Match(Encoding.UTF8.GetString(e.Body));
        if (!match.Success)
        {
            return e;
        }
        for (var i = 0; i < _groups; i++)
        {
            var group = match.Groups[i + 1];
            // Java would put a null value for a group that did not take part; a header map here holds no nulls.
            if (group.Success)
            {
                var (header, serializer) = _serializers[i];
                e.Headers[header] = serializer.Serialize(group.Value);
            }
        }
        return e;
    }

    private static IRegexExtractorSerializer Serializer(string interceptor, string name, IReadOnlyDictionary<string, string> settings, TimeZoneInfo? zone)
    {
        var type = settings.GetValueOrDefault(name + ".type") ?? "DEFAULT";
        // Flume compares with "DEFAULT" exactly, but its user guide documents "default": accept both spellings.
        if (type.Equals("DEFAULT", StringComparison.OrdinalIgnoreCase) || type == PassThroughSerializerClass)
        {
            return RegexExtractorPassThroughSerializer.Instance;
        }
        if (type == MillisSerializerClass)
        {
            var pattern = settings.GetValueOrDefault(name + ".pattern");
            try
            {
                return new RegexExtractorMillisSerializer(pattern, zone);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"Interceptor '{interceptor}': serializers.{name}.pattern: {ex.Message}", ex);
            }
        }
        throw new ArgumentException(
            $"Interceptor '{interceptor}': serializers.{name}.type '{type}' is not supported (use default or {MillisSerializerClass}; custom Java serializers cannot run here)");
    }
}
