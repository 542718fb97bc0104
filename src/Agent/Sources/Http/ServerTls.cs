using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using FlumeNet.Agent.Binding;

namespace FlumeNet.Agent.Sources.Http;

/// <summary>
/// Builds TLS server settings from Flume's SSL keys: a PKCS#12 or PEM key store (certificate and private key, the key
/// optionally encrypted with <c>keystore-password</c>); a Java KeyStore (JKS/JCEKS) is refused with the keytool command that
/// converts it. Unset keys fall back to <c>FLUME_SSL_KEYSTORE_PATH</c>, <c>_PASSWORD</c>, <c>_TYPE</c> as in Flume.
/// </summary>
public static class ServerTls
{
    /// <summary>The TLS options of a component whose <c>ssl</c> is true, else null.</summary>
    /// <exception cref="ArgumentException">ssl is on but no key store is configured.</exception>
    public static ServerTlsOptions? Bind(BoundOptions o, bool? sslOverride = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (!(sslOverride ?? o.GetBool("ssl", false)))
        {
            return null;
        }
        var keystore = o.GetString("keystore") ?? Environment.GetEnvironmentVariable("FLUME_SSL_KEYSTORE_PATH");
        if (string.IsNullOrWhiteSpace(keystore))
        {
            throw new ArgumentException($"'{o.Name}': ssl = true needs keystore (or FLUME_SSL_KEYSTORE_PATH)");
        }
        var password = o.Raw("keystore-password") ?? Environment.GetEnvironmentVariable("FLUME_SSL_KEYSTORE_PASSWORD");
        var type = o.Raw("keystore-type") ?? Environment.GetEnvironmentVariable("FLUME_SSL_KEYSTORE_TYPE") ?? "JKS";
        return new ServerTlsOptions(keystore.Trim(), password, type.Trim(), List(o, "exclude-protocols", "SSLv3"), List(o, "include-protocols", null),
            List(o, "exclude-cipher-suites", null), List(o, "include-cipher-suites", null));
    }

    /// <summary>Loads the certificate with its private key.</summary>
    /// <exception cref="IOException">The file is missing, a Java KeyStore, or unreadable with the password; the message says how to fix it.</exception>
    public static X509Certificate2 LoadCertificate(ServerTlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        byte[] head;
        try
        {
            using var f = File.OpenRead(tls.Keystore);
            head = new byte[4];
            _ = f.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot read keystore '{tls.Keystore}': {ex.Message}", ex);
        }
        if (head is [0xFE, 0xED, 0xFE, 0xED] || head is [0xCE, 0xCE, 0xCE, 0xCE])
        {
            throw new IOException(
                $"keystore '{tls.Keystore}' is a Java KeyStore (JKS/JCEKS), which this agent cannot read; convert it to PKCS#12 with "
                + $"'keytool -importkeystore -srckeystore {tls.Keystore} -srcstoretype JKS -destkeystore {tls.Keystore}.p12 -deststoretype PKCS12' "
                + "and set keystore to the .p12 file and keystore-type = PKCS12 (or give a PEM file with the certificate and its private key)");
        }
        try
        {
            if (LooksLikePem(tls.Keystore))
            {
                var text = File.ReadAllText(tls.Keystore);
                var cert = text.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal) && !string.IsNullOrEmpty(tls.Password)
                    ? X509Certificate2.CreateFromEncryptedPemFile(tls.Keystore, tls.Password)
                    : X509Certificate2.CreateFromPemFile(tls.Keystore);
                return cert;
            }
            return X509CertificateLoader.LoadPkcs12FromFile(tls.Keystore, tls.Password, X509KeyStorageFlags.DefaultKeySet);
        }
        catch (CryptographicException ex)
        {
            // The password is never part of the message.
            throw new IOException($"cannot load keystore '{tls.Keystore}' (keystore-type {tls.KeystoreType}): {ex.Message} "
                + "(check keystore-password; PKCS#12 and PEM files are supported)", ex);
        }
    }

    /// <summary>SslStream server settings: protocols minus the excluded ones (SSLv3 always), cipher suites filtered when asked.</summary>
    public static SslServerAuthenticationOptions ServerOptions(ServerTlsOptions tls, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(tls);
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate,
            ClientCertificateRequired = false,
            EnabledSslProtocols = Protocols(tls),
        };
        if (OperatingSystem.IsLinux() && (tls.IncludeCipherSuites.Count > 0 || tls.ExcludeCipherSuites.Count > 0))
        {
            options.CipherSuitesPolicy = CipherPolicy(tls);
        }
        return options;
    }

    public static SslProtocols Protocols(ServerTlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        var all = new (string Name, SslProtocols Value)[] { ("TLSv1.2", SslProtocols.Tls12), ("TLSv1.3", SslProtocols.Tls13) };
        var result = SslProtocols.None;
        foreach (var (name, value) in all)
        {
            var included = tls.IncludeProtocols.Count == 0 || Contains(tls.IncludeProtocols, name);
            if (included && !Contains(tls.ExcludeProtocols, name))
            {
                result |= value;
            }
        }
        return result == SslProtocols.None
            ? throw new IOException("the include/exclude-protocols settings leave no TLS protocol (TLSv1.2 and TLSv1.3 are supported)")
            : result;
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static CipherSuitesPolicy CipherPolicy(ServerTlsOptions tls)
    {
        var suites = new List<TlsCipherSuite>();
        foreach (var suite in Enum.GetValues<TlsCipherSuite>())
        {
            var name = suite.ToString();
            var included = tls.IncludeCipherSuites.Count == 0 ? IsModern(name) : Contains(tls.IncludeCipherSuites, name);
            if (included && !Contains(tls.ExcludeCipherSuites, name))
            {
                suites.Add(suite);
            }
        }
        return new CipherSuitesPolicy(suites);
    }

    private static bool IsModern(string name) =>
        name.StartsWith("TLS_AES_", StringComparison.Ordinal) || name.StartsWith("TLS_CHACHA20_", StringComparison.Ordinal)
        || (name.StartsWith("TLS_ECDHE_", StringComparison.Ordinal) && (name.Contains("_GCM_", StringComparison.Ordinal) || name.Contains("CHACHA20", StringComparison.Ordinal)));

    private static bool Contains(IReadOnlyList<string> list, string name)
    {
        foreach (var s in list)
        {
            if (string.Equals(s, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static bool LooksLikePem(string path)
    {
        using var reader = new StreamReader(path, Encoding.ASCII);
        var buffer = new char[4096];
        var n = reader.ReadBlock(buffer, 0, buffer.Length);
        return new string(buffer, 0, n).Contains("-----BEGIN ", StringComparison.Ordinal);
    }

    private static string[] List(BoundOptions o, string key, string? fallback) =>
        (o.GetString(key) ?? fallback ?? string.Empty).Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
