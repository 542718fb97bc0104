using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FlumeNet.Tools.LogHubEmulator.Protocol;

/// <summary>Checks the V1 signature of a request (reference §2.1, §10.2) against the configured access keys.</summary>
internal sealed class SignatureVerifier
{
    private static readonly string[] DateFormats =
    [
        "ddd, dd MMM yyyy HH:mm:ss 'GMT'",
        "ddd, d MMM yyyy HH:mm:ss 'GMT'",
    ];

    private readonly IReadOnlyDictionary<string, string> _secrets;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _maxSkew;
    private readonly Func<TimeSpan> _clockOffset;

    public SignatureVerifier(IReadOnlyDictionary<string, string> secretsByKeyId, TimeProvider clock, TimeSpan maxSkew, Func<TimeSpan>? clockOffset = null)
    {
        _clockOffset = clockOffset ?? (() => TimeSpan.Zero);
        _secrets = secretsByKeyId;
        _clock = clock;
        _maxSkew = maxSkew;
    }

    /// <summary>Returns the AccessKeyId that signed the request, or throws the LogHub error the service would send.</summary>
    public string Verify(IncomingRequest request)
    {
        var (keyId, signature) = ParseAuthorization(request.Header("Authorization"));

        var date = request.Header("Date");
        if (string.IsNullOrEmpty(date))
        {
            date = request.Header("x-log-date");
        }

        if (string.IsNullOrEmpty(date))
        {
            throw new LogHubException(400, "MissingDate", "missing Date header (and no x-log-date)");
        }

        if (!DateTimeOffset.TryParseExact(date, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sent))
        {
            throw new LogHubException(400, "InvalidDateFormat", $"Date '{date}' is not an RFC 1123 GMT date");
        }

        if (string.IsNullOrEmpty(request.Header("x-log-apiversion")))
        {
            throw LogHubErrors.MissingParameter("missing http extend header key : x-log-apiversion");
        }

        var method = request.Header("x-log-signaturemethod");
        if (string.IsNullOrEmpty(method))
        {
            throw LogHubErrors.MissingParameter("missing http extend header key : x-log-signaturemethod");
        }

        if (!SignatureAlgorithm.IsSupported(method))
        {
            throw LogHubErrors.ParameterInvalid($"signature method '{method}' is not supported (hmac-sha1 or hmac-sha256)");
        }

        if (!_secrets.TryGetValue(keyId, out var secret))
        {
            throw new LogHubException(401, "Unauthorized", $"The AccessKeyId is unauthorized: {keyId}");
        }

        if ((_clock.GetUtcNow() + _clockOffset() - sent).Duration() > _maxSkew)
        {
            throw new LogHubException(400, "RequestTimeTooSkewed", $"request time {date} differs from server time by more than {_maxSkew.TotalMinutes} minutes");
        }

        var contentMd5 = request.Header("Content-MD5");
        if (!string.IsNullOrEmpty(contentMd5))
        {
#pragma warning disable CA5351 // Content-MD5 is the protocol's integrity check, not a security choice made here.
            var actual = Convert.ToHexString(MD5.HashData(request.Body));
#pragma warning restore CA5351
            if (!string.Equals(actual, contentMd5, StringComparison.OrdinalIgnoreCase))
            {
                throw LogHubErrors.ParameterInvalid($"Content-MD5 {contentMd5} does not match the body (MD5 {actual})");
            }
        }

        var stringToSign = StringToSign.Build(
            request.Method, contentMd5, request.Header("Content-Type"), date, request.Headers, request.Path, request.Query);
        var expected = SignatureAlgorithm.Sign(method, secret, stringToSign);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            throw new LogHubException(401, "SignatureNotMatch",
                $"signature {signature} not match; the server signed \"{stringToSign.Replace("\n", "\\n", StringComparison.Ordinal)}\"");
        }

        return keyId;
    }

    private static (string KeyId, string Signature) ParseAuthorization(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            throw new LogHubException(401, "Unauthorized", "missing Authorization header");
        }

        const string Scheme = "LOG ";
        var colon = authorization.LastIndexOf(':');
        if (!authorization.StartsWith(Scheme, StringComparison.Ordinal) || colon <= Scheme.Length)
        {
            throw new LogHubException(401, "Unauthorized", "Authorization header is not 'LOG <AccessKeyId>:<signature>'");
        }

        return (authorization[Scheme.Length..colon].Trim(), authorization[(colon + 1)..].Trim());
    }
}
