using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace FlumeNet.Agent.Net;

/// <summary>TLS of a listening source (avro, thrift, http, syslog): no client authentication, as in Flume.</summary>
public sealed record TlsServerSettings(X509Certificate2 Certificate, SslProtocols Protocols, CipherSuitesPolicy? CipherSuites)
{
    public SslServerAuthenticationOptions ToOptions() => new()
    {
        ServerCertificate = Certificate,
        ClientCertificateRequired = false,
        EnabledSslProtocols = Protocols,
        CipherSuitesPolicy = CipherSuites,
    };
}

/// <summary>
/// TLS of an RPC client (avro and thrift sinks, avro-client). As Flume's SSLEngine has no endpoint identification, the host name is
/// never checked: only the chain, against the trust store (the system CAs when none), or nothing with trust-all-certs.
/// </summary>
public sealed record TlsClientSettings(bool TrustAll, X509Certificate2Collection? TrustStore, SslProtocols Protocols, CipherSuitesPolicy? CipherSuites)
{
    public SslClientAuthenticationOptions ToOptions(string host) => new()
    {
        TargetHost = host,
        EnabledSslProtocols = Protocols,
        CipherSuitesPolicy = CipherSuites,
        RemoteCertificateValidationCallback = Validate,
    };

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (TrustAll)
        {
            return true;
        }
        if (certificate is null)
        {
            return false;
        }
        if (TrustStore is null)
        {
            return (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(TrustStore);
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }
}

/// <summary>
/// Loads Flume's key and trust stores. PKCS#12 and PEM (certificate and private key in one file, the key optionally
/// encrypted with the store password) are read; the format is recognised from the content, so a PKCS#12 file labelled
/// <c>JKS</c> (keytool's default since Java 9) works too. A real JKS/JCEKS store cannot be read by .NET: the error says
/// how to convert it.
/// </summary>
public static class TlsStores
{
    private static readonly TlsCipherSuite[] DefaultSuites =
    [
        TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_AES_128_GCM_SHA256, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384, TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,
    ];

    /// <exception cref="FormatException">The store cannot be read; the message names the file and, for JKS, the keytool conversion.</exception>
    public static X509Certificate2 LoadKeyStore(string path, string? password)
    {
        var bytes = ReadStore(path, "keystore");
        try
        {
            X509Certificate2 certificate;
            if (IsPem(bytes))
            {
                var pem = Encoding.ASCII.GetString(bytes);
                certificate = pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal)
                    ? X509Certificate2.CreateFromEncryptedPem(pem, pem, password ?? string.Empty)
                    : X509Certificate2.CreateFromPem(pem, pem);
            }
            else
            {
                certificate = FirstWithKey(X509CertificateLoader.LoadPkcs12Collection(bytes, password, X509KeyStorageFlags.Exportable))
                    ?? throw new FormatException($"keystore '{path}' holds no private key");
            }
            return certificate.HasPrivateKey ? certificate : throw new FormatException($"keystore '{path}' holds no private key");
        }
        catch (CryptographicException ex)
        {
            throw new FormatException($"keystore '{path}' cannot be read (wrong keystore-password or not PKCS#12/PEM): {ex.Message}", ex);
        }
    }

    /// <exception cref="FormatException">The store cannot be read.</exception>
    public static X509Certificate2Collection LoadTrustStore(string path, string? password)
    {
        var bytes = ReadStore(path, "truststore");
        try
        {
            var collection = new X509Certificate2Collection();
            if (IsPem(bytes))
            {
                collection.ImportFromPem(Encoding.ASCII.GetString(bytes));
            }
            else
            {
                collection = X509CertificateLoader.LoadPkcs12Collection(bytes, password);
            }
            return collection.Count > 0 ? collection : throw new FormatException($"truststore '{path}' holds no certificate");
        }
        catch (CryptographicException ex)
        {
            throw new FormatException($"truststore '{path}' cannot be read (wrong truststore-password or not PKCS#12/PEM): {ex.Message}", ex);
        }
    }

    /// <summary>Java's rule: enabled = supported ∩ include (when given) − exclude; SSLv3 is always excluded.</summary>
    /// <exception cref="FormatException">A protocol name is unknown.</exception>
    public static SslProtocols Protocols(IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        ArgumentNullException.ThrowIfNull(include);
        ArgumentNullException.ThrowIfNull(exclude);
        var enabled = include.Count == 0 ? SslProtocols.Tls12 | SslProtocols.Tls13 : SslProtocols.None;
        foreach (var name in include)
        {
            enabled |= Protocol(name);
        }
        foreach (var name in exclude)
        {
            enabled &= ~Protocol(name);
        }
        if (enabled == SslProtocols.None)
        {
            throw new FormatException("no TLS protocol is left after include-protocols and exclude-protocols");
        }
        return include.Count == 0 && exclude.All(p => p is "SSLv3" or "SSLv2Hello") ? SslProtocols.None : enabled;
    }

    /// <summary>Null (the platform's defaults) unless suites are included or excluded; names are Java's, which are IANA's.</summary>
    /// <exception cref="FormatException">A suite name is unknown.</exception>
    public static CipherSuitesPolicy? CipherSuites(IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        ArgumentNullException.ThrowIfNull(include);
        ArgumentNullException.ThrowIfNull(exclude);
        if ((include.Count == 0 && exclude.Count == 0) || OperatingSystem.IsWindows())
        {
            return null;
        }
        var suites = include.Count == 0 ? [.. DefaultSuites] : include.Select(Suite).ToList();
        foreach (var name in exclude)
        {
            suites.Remove(Suite(name));
        }
        return suites.Count > 0 ? new CipherSuitesPolicy(suites) : throw new FormatException("no cipher suite is left after include-cipher-suites and exclude-cipher-suites");
    }

    private static TlsCipherSuite Suite(string name) =>
        Enum.TryParse<TlsCipherSuite>(name, ignoreCase: false, out var suite) ? suite : throw new FormatException($"unknown cipher suite '{name}'");

    // TLS 1.0/1.1 and SSL are known names but never enabled: .NET refuses them as deprecated.
    private static SslProtocols Protocol(string name) => name switch
    {
        "TLSv1.3" => SslProtocols.Tls13,
        "TLSv1.2" => SslProtocols.Tls12,
        "TLSv1.1" or "TLSv1" or "SSLv3" or "SSLv2Hello" => SslProtocols.None,
        _ => throw new FormatException($"unknown TLS protocol '{name}' (TLSv1.2, TLSv1.3, …)"),
    };

    private static byte[] ReadStore(string path, string what)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"{what} '{path}' cannot be read: {ex.Message}", ex);
        }
        if (IsJavaKeyStore(bytes))
        {
            throw new FormatException(
                $"{what} '{path}' is a Java JKS/JCEKS store, which this agent cannot read; convert it once with " +
                $"'keytool -importkeystore -srckeystore {path} -destkeystore {path}.p12 -deststoretype PKCS12' " +
                $"and point {what} at the .p12 file ({what}-type = PKCS12)");
        }
        return bytes;
    }

    /// <summary>JKS and JCEKS keystores start with the magic 0xFEEDFEED / 0xCECECECE; .NET reads neither.</summary>
    internal static bool IsJavaKeyStore(ReadOnlySpan<byte> b) =>
        b.Length >= 4 && ((b[0] == 0xFE && b[1] == 0xED && b[2] == 0xFE && b[3] == 0xED) || (b[0] == 0xCE && b[1] == 0xCE && b[2] == 0xCE && b[3] == 0xCE));

    private static bool IsPem(byte[] bytes) => Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 4096)).Contains("-----BEGIN", StringComparison.Ordinal);

    private static X509Certificate2? FirstWithKey(X509Certificate2Collection collection)
    {
        foreach (var c in collection)
        {
            if (c.HasPrivateKey)
            {
                return c;
            }
        }
        return null;
    }
}
