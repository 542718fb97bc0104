using System.Security.Cryptography;
using System.Text;

namespace FlumeNet.Tools.LogHubEmulator.Protocol;

/// <summary>The HMAC of a V1 string-to-sign, selected by the <c>x-log-signaturemethod</c> header.</summary>
internal static class SignatureAlgorithm
{
    public const string HmacSha1 = "hmac-sha1";
    public const string HmacSha256 = "hmac-sha256";

    public static bool IsSupported(string method) => method is HmacSha1 or HmacSha256;

    /// <summary>Base64 of the HMAC of <paramref name="stringToSign"/> keyed with the UTF-8 secret.</summary>
    public static string Sign(string method, string secret, string stringToSign)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var data = Encoding.UTF8.GetBytes(stringToSign);
        var mac = method switch
        {
#pragma warning disable CA5350 // The LogHub V1 protocol mandates HMAC-SHA1; it is verified, not chosen, here.
            HmacSha1 => HMACSHA1.HashData(key, data),
#pragma warning restore CA5350
            HmacSha256 => HMACSHA256.HashData(key, data),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unsupported signature method"),
        };
        return Convert.ToBase64String(mac);
    }
}
