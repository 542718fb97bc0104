using System.Text;

namespace FlumeNet.Tools.LogHubEmulator.Protocol;

/// <summary>Builds the V1 string-to-sign of reference §2.1 from the parts of a request as it was received.</summary>
internal static class StringToSign
{
    /// <param name="verb">HTTP method, e.g. <c>GET</c>.</param>
    /// <param name="contentMd5">The Content-MD5 header as sent, or empty.</param>
    /// <param name="contentType">The Content-Type header as sent, or empty.</param>
    /// <param name="date">The Date header as sent (or the x-log-date fallback).</param>
    /// <param name="headers">All request headers; only <c>x-log-*</c> (except <c>x-log-date</c>) and <c>x-acs-*</c> are used.</param>
    /// <param name="path">The URL path exactly as sent, without the query.</param>
    /// <param name="query">The decoded query parameters.</param>
    public static string Build(
        string verb,
        string? contentMd5,
        string? contentType,
        string date,
        IEnumerable<KeyValuePair<string, string>> headers,
        string path,
        IEnumerable<KeyValuePair<string, string>> query)
    {
        var text = new StringBuilder(256)
            .Append(verb).Append('\n')
            .Append(contentMd5 ?? string.Empty).Append('\n')
            .Append(contentType ?? string.Empty).Append('\n')
            .Append(date).Append('\n');

        var canonical = headers
            .Select(h => new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), h.Value.Trim()))
            .Where(h => IsSignedHeader(h.Key))
            .OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => h.Key + ":" + h.Value);
        text.AppendJoin('\n', canonical).Append('\n');

        text.Append(path);
        var parameters = query
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value)
            .ToList();
        if (parameters.Count > 0)
        {
            text.Append('?').AppendJoin('&', parameters);
        }

        return text.ToString();
    }

    private static bool IsSignedHeader(string lowerName) =>
        (lowerName.StartsWith("x-log-", StringComparison.Ordinal) && lowerName != "x-log-date")
        || lowerName.StartsWith("x-acs-", StringComparison.Ordinal);
}
