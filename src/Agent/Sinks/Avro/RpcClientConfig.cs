using System.Globalization;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Net;
using NLog;

namespace FlumeNet.Agent.Sinks.Avro;

/// <summary>Which RPC client Flume's <c>RpcClientFactory</c> builds for <c>client.type</c>.</summary>
public enum RpcClientKind
{
    Default,
    Failover,
    LoadBalance,
    Thrift,
}

/// <summary>
/// Flume's RPC client properties (reference §1.9, §1.10), read from a sink's keys or an avro-client <c>-P</c> file. As
/// in Flume, a bad number falls back to its default with a warning; hosts and TLS stores that cannot work throw
/// <see cref="FormatException"/> naming the key.
/// </summary>
public sealed record RpcClientConfig
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    public RpcClientKind Kind { get; init; }

    public IReadOnlyList<RpcHost> Hosts { get; init; } = [];

    public int BatchSize { get; init; } = 100;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public bool Deflate { get; init; }

    public int CompressionLevel { get; init; } = 6;

    public TlsClientSettings? Tls { get; init; }

    public int MaxAttempts { get; init; }

    public bool RandomSelector { get; init; }

    public bool Backoff { get; init; }

    public TimeSpan MaxBackoff { get; init; }

    /// <summary>Thrift only: <c>binary</c> (exactly, T5) selects the binary protocol, anything else compact.</summary>
    public bool ThriftBinary { get; init; }

    /// <exception cref="FormatException">A host entry or a TLS store is unusable.</exception>
    public static RpcClientConfig From(IReadOnlyDictionary<string, string> p, string owner)
    {
        ArgumentNullException.ThrowIfNull(p);
        var kind = (Get(p, "client.type") ?? "default").Trim().ToLowerInvariant() switch
        {
            "default" => RpcClientKind.Default,
            "default_failover" => RpcClientKind.Failover,
            "default_loadbalance" => RpcClientKind.LoadBalance,
            "thrift" => RpcClientKind.Thrift,
            var other => throw new FormatException($"client.type: '{other}' is not default, default_failover, default_loadbalance or thrift"),
        };
        var hosts = ParseHosts(p, kind);
        var selector = (Get(p, "host-selector") ?? "round_robin").Trim().ToLowerInvariant();
        if (selector is not ("round_robin" or "random"))
        {
            throw new FormatException($"host-selector: '{selector}' is not round_robin or random");
        }
        var level = Int(p, "compression-level", 6, owner);
        if (level is < 0 or > 9)
        {
            Log.Error("'{Owner}': compression-level {Level} is not 0..9; using 6", owner, level);
            level = 6;
        }
        var batch = Int(p, "batch-size", 100, owner);
        return new RpcClientConfig
        {
            Kind = kind,
            Hosts = hosts,
            BatchSize = batch < 1 ? 100 : batch,
            ConnectTimeout = Timeout(p, "connect-timeout", owner),
            RequestTimeout = Timeout(p, "request-timeout", owner),
            Deflate = string.Equals(Get(p, "compression-type"), "deflate", StringComparison.OrdinalIgnoreCase),
            CompressionLevel = level,
            Tls = Bool(p, "ssl") ? ClientTls(p) : null,
            MaxAttempts = Math.Max(1, Int(p, "max-attempts", hosts.Count, owner)),
            RandomSelector = selector == "random",
            Backoff = Bool(p, "backoff"),
            MaxBackoff = TimeSpan.FromMilliseconds(Math.Max(0, Long(p, "maxBackoff", 0, owner))),
            ThriftBinary = Get(p, "protocol") == "binary",
        };
    }

    private static List<RpcHost> ParseHosts(IReadOnlyDictionary<string, string> p, RpcClientKind kind)
    {
        var aliases = (Get(p, "hosts") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (aliases.Length == 0)
        {
            throw new FormatException("hosts: no host aliases given");
        }
        if (kind == RpcClientKind.Default && aliases.Length > 1)
        {
            Log.Warn("More than one host in 'hosts' for the default RPC client; only '{Alias}' is used (client.type = default_failover or default_loadbalance uses them all)", aliases[0]);
            aliases = [aliases[0]];
        }
        var hosts = new List<RpcHost>();
        foreach (var alias in aliases)
        {
            var value = Get(p, "hosts." + alias) ?? throw new FormatException($"hosts.{alias}: missing (host:port of the alias in 'hosts')");
            var colon = value.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            {
                throw new FormatException($"hosts.{alias}: '{value}' is not host:port");
            }
            hosts.Add(new RpcHost(alias, value[..colon].Trim(), port));
        }
        if (kind == RpcClientKind.LoadBalance && hosts.Count < 2)
        {
            throw new FormatException("hosts: the load-balancing client needs at least two hosts");
        }
        return hosts;
    }

    private static TlsClientSettings ClientTls(IReadOnlyDictionary<string, string> p)
    {
        var path = Get(p, "truststore") ?? Environment.GetEnvironmentVariable("FLUME_SSL_TRUSTSTORE_PATH");
        var password = Get(p, "truststore-password") ?? Environment.GetEnvironmentVariable("FLUME_SSL_TRUSTSTORE_PASSWORD");
        try
        {
            return new TlsClientSettings(
                Bool(p, "trust-all-certs"),
                string.IsNullOrEmpty(path) ? null : TlsStores.LoadTrustStore(path, password),
                TlsStores.Protocols(List(p, "include-protocols", "FLUME_SSL_INCLUDE_PROTOCOLS"), List(p, "exclude-protocols", "FLUME_SSL_EXCLUDE_PROTOCOLS") is { Length: > 0 } ex ? ex : ["SSLv3"]),
                TlsStores.CipherSuites(List(p, "include-cipher-suites", "FLUME_SSL_INCLUDE_CIPHERSUITES"), List(p, "exclude-cipher-suites", "FLUME_SSL_EXCLUDE_CIPHERSUITES")));
        }
        catch (FormatException ex)
        {
            throw new FormatException($"ssl: {ex.Message}", ex);
        }
    }

    private static string? Get(IReadOnlyDictionary<string, string> p, string key) => p.TryGetValue(key, out var v) ? v.Trim() : null;

    private static bool Bool(IReadOnlyDictionary<string, string> p, string key) => string.Equals(Get(p, key), "true", StringComparison.OrdinalIgnoreCase);

    private static string[] List(IReadOnlyDictionary<string, string> p, string key, string environment) =>
        (Get(p, key) ?? Environment.GetEnvironmentVariable(environment))?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    private static long Long(IReadOnlyDictionary<string, string> p, string key, long fallback, string owner)
    {
        var text = Get(p, key);
        if (text is null)
        {
            return fallback;
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }
        Log.Warn("'{Owner}': {Key} = '{Value}' is not a number; using {Default}", owner, key, text, fallback);
        return fallback;
    }

    private static int Int(IReadOnlyDictionary<string, string> p, string key, int fallback, string owner) =>
        (int)Math.Clamp(Long(p, key, fallback, owner), int.MinValue, int.MaxValue);

    // Flume: below one second means the default of 20 s.
    private static TimeSpan Timeout(IReadOnlyDictionary<string, string> p, string key, string owner)
    {
        var ms = Long(p, key, 20000, owner);
        return TimeSpan.FromMilliseconds(ms < 1000 ? 20000 : ms);
    }
}
