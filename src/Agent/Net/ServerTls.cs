using FlumeNet.Agent.Binding;

namespace FlumeNet.Agent.Net;

/// <summary>
/// Flume's server-side SSL keys (<c>ssl</c>, <c>keystore</c>, <c>keystore-password</c>, <c>keystore-type</c>,
/// include/exclude protocols and cipher suites), as every listening source reads them (avro, thrift, http, syslog TCP).
/// The password is a secret: never printed.
/// </summary>
public sealed record ServerTlsOptions(
    string Keystore,
    string? Password,
    string KeystoreType,
    IReadOnlyList<string> ExcludeProtocols,
    IReadOnlyList<string> IncludeProtocols,
    IReadOnlyList<string> ExcludeCipherSuites,
    IReadOnlyList<string> IncludeCipherSuites)
{
    public override string ToString() => $"keystore {Keystore} ({KeystoreType})";
}

/// <summary>
/// Reads a source's SSL keys and loads its key store with <see cref="TlsStores"/> (PKCS#12 or PEM; JKS refused with the
/// keytool command). Unset keys fall back to Flume's <c>FLUME_SSL_*</c> environment variables; lists are split on
/// spaces (commas and tabs are accepted too); <c>exclude-protocols</c> defaults to <c>SSLv3</c>.
/// </summary>
public static class ServerTls
{
    /// <summary>The keys of a component whose <c>ssl</c> (or <paramref name="sslOverride"/>) is true, else null.</summary>
    /// <param name="deprecated">Old spellings read when the new key is absent (new key → old key), as the http source's.</param>
    /// <exception cref="ArgumentException">ssl is on but no key store is configured.</exception>
    public static ServerTlsOptions? Bind(BoundOptions o, bool? sslOverride = null, IReadOnlyDictionary<string, string>? deprecated = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (!(sslOverride ?? o.GetBool("ssl", false)))
        {
            return null;
        }
        string? Value(string key, string environment) =>
            o.Raw(key) ?? (deprecated is not null && deprecated.TryGetValue(key, out var old) ? o.Raw(old) : null) ?? Environment.GetEnvironmentVariable(environment);
        string[] List(string key, string environment, string? fallback) =>
            (Value(key, environment) ?? fallback ?? string.Empty).Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var keystore = Value("keystore", "FLUME_SSL_KEYSTORE_PATH");
        if (string.IsNullOrWhiteSpace(keystore))
        {
            throw new ArgumentException($"'{o.Name}': ssl = true needs keystore (or FLUME_SSL_KEYSTORE_PATH)");
        }
        return new ServerTlsOptions(
            keystore.Trim(),
            Value("keystore-password", "FLUME_SSL_KEYSTORE_PASSWORD"),
            (Value("keystore-type", "FLUME_SSL_KEYSTORE_TYPE") ?? "JKS").Trim(),
            List("exclude-protocols", "FLUME_SSL_EXCLUDE_PROTOCOLS", "SSLv3"),
            List("include-protocols", "FLUME_SSL_INCLUDE_PROTOCOLS", null),
            List("exclude-cipher-suites", "FLUME_SSL_EXCLUDE_CIPHERSUITES", null),
            List("include-cipher-suites", "FLUME_SSL_INCLUDE_CIPHERSUITES", null));
    }

    /// <summary>Loads the key store and resolves protocols and cipher suites.</summary>
    /// <exception cref="FormatException">The store cannot be read or a protocol/suite is unknown; the message names the file, never the password.</exception>
    public static TlsServerSettings Load(ServerTlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        return new TlsServerSettings(
            TlsStores.LoadKeyStore(tls.Keystore, tls.Password),
            TlsStores.Protocols(tls.IncludeProtocols, tls.ExcludeProtocols),
            TlsStores.CipherSuites(tls.IncludeCipherSuites, tls.ExcludeCipherSuites));
    }

    /// <summary><see cref="Load"/> for a source that loads its store when it starts: a bad store fails the start.</summary>
    /// <exception cref="IOException">The store cannot be loaded.</exception>
    public static TlsServerSettings LoadAtStart(ServerTlsOptions tls, string source)
    {
        try
        {
            return Load(tls);
        }
        catch (FormatException ex)
        {
            throw new IOException($"source '{source}': ssl: {ex.Message}", ex);
        }
    }
}
