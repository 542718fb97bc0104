using System.Security.Cryptography;
using System.Text;

namespace FlumeNet.Agent.LogHub;

/// <summary>
/// LogHub's V1 request signature (reference loghub.md §2.1): HMAC over verb, Content-MD5, Content-Type, Date, the
/// <c>x-log-*</c>/<c>x-acs-*</c> headers sorted by name, and the path with its decoded query sorted by name.
/// </summary>
public static class LogHubSigner
{
    /// <summary>The string to sign. <paramref name="headers"/> may hold any headers; only x-log-/x-acs- ones count.</summary>
    public static string StringToSign(
        string verb,
        string? contentMd5,
        string? contentType,
        string date,
        IEnumerable<KeyValuePair<string, string>> headers,
        string path,
        IEnumerable<KeyValuePair<string, string>> query)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(query);
        var sb = new StringBuilder(256);
        sb.Append(verb).Append('\n')
            .Append(contentMd5).Append('\n')
            .Append(contentType).Append('\n')
            .Append(date).Append('\n');
        var logHeaders = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in headers)
        {
            var lower = name.ToLowerInvariant();
            // x-log-date is sent unsigned by some SDKs, so it never takes part.
            if ((lower.StartsWith("x-log-", StringComparison.Ordinal) || lower.StartsWith("x-acs-", StringComparison.Ordinal)) && lower != "x-log-date")
            {
                logHeaders.Add(new(lower, value.Trim()));
            }
        }
        logHeaders.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var (name, value) in logHeaders)
        {
            sb.Append(name).Append(':').Append(value).Append('\n');
        }
        sb.Append(path);
        var parameters = new List<KeyValuePair<string, string>>(query);
        if (parameters.Count > 0)
        {
            parameters.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            sb.Append('?');
            for (var i = 0; i < parameters.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append('&');
                }
                sb.Append(parameters[i].Key).Append('=').Append(parameters[i].Value);
            }
        }
        return sb.ToString();
    }

    /// <summary>Base64 HMAC of the string to sign; <paramref name="method"/> is hmac-sha1 (the SDKs') or hmac-sha256.</summary>
    public static string Sign(string secret, string stringToSign, string method = "hmac-sha1")
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(stringToSign);
        var key = Encoding.UTF8.GetBytes(secret);
        var data = Encoding.UTF8.GetBytes(stringToSign);
#pragma warning disable CA5350 // HMAC-SHA1 is what the LogHub protocol and every SDK use.
        var mac = method switch
        {
            "hmac-sha1" => HMACSHA1.HashData(key, data),
            "hmac-sha256" => HMACSHA256.HashData(key, data),
            _ => throw new ArgumentException($"unknown signature method '{method}'", nameof(method)),
        };
#pragma warning restore CA5350
        return Convert.ToBase64String(mac);
    }
}
