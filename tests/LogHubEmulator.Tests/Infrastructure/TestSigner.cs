using System.Security.Cryptography;
using System.Text;

namespace FlumeNet.LogHubEmulator.Tests.Infrastructure;

/// <summary>
/// The tests' own V1 signer (written from reference §2.1 independently of the emulator's verifier), so that the
/// HTTP tests check the server against a second implementation.
/// </summary>
public static class TestSigner
{
    public static string Sign(string secret, string method, string stringToSign)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var data = Encoding.UTF8.GetBytes(stringToSign);
        return Convert.ToBase64String(method == "hmac-sha256" ? HMACSHA256.HashData(key, data) : HMACSHA1.HashData(key, data));
    }

    /// <param name="verb">HTTP method.</param>
    /// <param name="md5">Content-MD5 or empty.</param>
    /// <param name="contentType">Content-Type or empty.</param>
    /// <param name="date">Date header.</param>
    /// <param name="logHeaders">The x-log-/x-acs- headers to sign (names lower-case).</param>
    /// <param name="path">Path as sent.</param>
    /// <param name="query">Decoded query parameters.</param>
    public static string StringToSign(
        string verb, string md5, string contentType, string date, IEnumerable<KeyValuePair<string, string>> logHeaders, string path, IEnumerable<KeyValuePair<string, string>> query)
    {
        var builder = new StringBuilder();
        builder.Append(verb).Append('\n').Append(md5).Append('\n').Append(contentType).Append('\n').Append(date).Append('\n');
        foreach (var header in logHeaders.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            builder.Append(header.Key).Append(':').Append(header.Value).Append('\n');
        }

        builder.Append(path);
        var pairs = query.Select(q => q.Key + "=" + q.Value).OrderBy(p => p, StringComparer.Ordinal).ToList();
        if (pairs.Count > 0)
        {
            builder.Append('?').Append(string.Join('&', pairs));
        }

        return builder.ToString();
    }

    /// <summary>Decodes a wire query string: '+' is a space, %XX a byte.</summary>
    public static List<KeyValuePair<string, string>> DecodeQuery(string rawQuery) =>
        rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Select(kv => new KeyValuePair<string, string>(
                Uri.UnescapeDataString(kv[0].Replace('+', ' ')),
                kv.Length > 1 ? Uri.UnescapeDataString(kv[1].Replace('+', ' ')) : string.Empty))
            .ToList();
}
