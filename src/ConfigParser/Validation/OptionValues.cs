using System.Globalization;

namespace FlumeNet.ConfigParser.Validation;

/// <summary>Parses option values exactly as Flume's <c>Context</c> getters do (Java's parseInt/parseLong on the trimmed text).</summary>
public static class OptionValues
{
    public static bool TryParseInt(string value, out int result) =>
        int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);

    public static bool TryParseLong(string value, out long result) =>
        long.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);

    public static bool TryParseDouble(string value, out double result) =>
        double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out result);

    /// <summary>Java's Boolean.parseBoolean: only "true" in any case is true.</summary>
    public static bool ParseBool(string value) => value.Equals("true", StringComparison.OrdinalIgnoreCase);

    public static bool IsBoolText(string value) =>
        value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase);
}
