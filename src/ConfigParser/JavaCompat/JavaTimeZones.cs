using System.Text.RegularExpressions;

namespace FlumeNet.ConfigParser.JavaCompat;

/// <summary>
/// Resolves a Java <c>TimeZone</c> ID (IANA names, <c>UTC</c>, <c>GMT+8</c>, <c>GMT-05:30</c> and Java's legacy three-letter
/// IDs) to a .NET zone. Java silently turns an unknown ID into GMT; FlumeNet refuses it instead.
/// </summary>
public static partial class JavaTimeZones
{
    // Java's legacy short IDs (java.time.ZoneId.SHORT_IDS) that are not IANA names themselves.
    private static readonly Dictionary<string, string> ShortIds = new(StringComparer.Ordinal)
    {
        ["ACT"] = "Australia/Darwin", ["AET"] = "Australia/Sydney", ["AGT"] = "America/Argentina/Buenos_Aires",
        ["ART"] = "Africa/Cairo", ["AST"] = "America/Anchorage", ["BET"] = "America/Sao_Paulo", ["BST"] = "Asia/Dhaka",
        ["CAT"] = "Africa/Harare", ["CNT"] = "America/St_Johns", ["CST"] = "America/Chicago", ["CTT"] = "Asia/Shanghai",
        ["EAT"] = "Africa/Addis_Ababa", ["ECT"] = "Europe/Paris", ["IET"] = "America/Indiana/Indianapolis",
        ["IST"] = "Asia/Kolkata", ["JST"] = "Asia/Tokyo", ["MIT"] = "Pacific/Apia", ["NET"] = "Asia/Yerevan",
        ["NST"] = "Pacific/Auckland", ["PLT"] = "Asia/Karachi", ["PNT"] = "America/Phoenix", ["PRT"] = "America/Puerto_Rico",
        ["PST"] = "America/Los_Angeles", ["SST"] = "Pacific/Guadalcanal", ["VST"] = "Asia/Ho_Chi_Minh",
        ["EST"] = "-05:00", ["MST"] = "-07:00", ["HST"] = "-10:00",
    };

    public static TimeZoneInfo? Find(string id)
    {
        if (id is "UTC" or "GMT" or "UT" or "Z")
        {
            return TimeZoneInfo.Utc;
        }
        if (ShortIds.TryGetValue(id, out var mapped))
        {
            id = mapped;
        }
        var m = Offset().Match(id);
        if (m.Success)
        {
            var hours = int.Parse(m.Groups["h"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var minutes = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            if (hours > 23 || minutes > 59)
            {
                return null;
            }
            var offset = new TimeSpan(hours, minutes, 0);
            if (m.Groups["s"].Value == "-")
            {
                offset = -offset;
            }
            return TimeZoneInfo.CreateCustomTimeZone(id, offset, id, id);
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^(?:GMT|UTC)?(?<s>[+-])(?<h>\d{1,2})(?::?(?<m>\d{2}))?$")]
    private static partial Regex Offset();
}
