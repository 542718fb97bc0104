using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace FlumeNet.Tools.WebHdfsEmulator.Protocol;

/// <summary>
/// Typed access to WebHDFS query parameters. Names are case-insensitive (WebHDFS lower-cases them); an empty value
/// counts as absent; a malformed value fails with WebHDFS's "Invalid value for webhdfs parameter" message.
/// </summary>
internal sealed class RequestParams(IQueryCollection query)
{
    public string? Get(string name)
    {
        var values = query[name];
        return values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : values[0];
    }

    public bool GetBool(string name, bool defaultValue)
    {
        var value = Get(name);
        if (value is null)
        {
            return defaultValue;
        }
        if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (string.Equals(value, "false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        throw HdfsError.InvalidParameter(name, $"Failed to parse \"{value}\" to Boolean.");
    }

    public long? GetLong(string name)
    {
        var value = Get(name);
        if (value is null)
        {
            return null;
        }
        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw HdfsError.InvalidParameter(name, $"Failed to parse \"{value}\" as a radix-10 long integer.");
    }

    public short? GetShort(string name)
    {
        var value = GetLong(name);
        return value is null ? null
            : value is >= short.MinValue and <= short.MaxValue ? (short)value.Value
            : throw HdfsError.InvalidParameter(name, $"Failed to parse \"{value}\" as a radix-10 short integer.");
    }

    /// <summary>An octal permission such as 644, 0755 or 1777.</summary>
    public short? GetPermission(string name = "permission")
    {
        var value = Get(name);
        if (value is null)
        {
            return null;
        }
        var parsed = 0;
        foreach (var c in value)
        {
            if (c is < '0' or > '7' || parsed > 511)
            {
                throw HdfsError.InvalidParameter(name, $"Failed to parse \"{value}\" as a radix-8 short integer.");
            }
            parsed = (parsed * 8) + (c - '0');
        }
        if (parsed > 1023)
        {
            throw HdfsError.InvalidParameter(name, $"Invalid parameter range: {name} = {value} > 1777");
        }
        return (short)parsed;
    }
}
