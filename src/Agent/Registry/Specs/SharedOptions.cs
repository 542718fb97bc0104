using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>Option groups several components share: SSL settings, pollable-source backoff, Kafka credentials.</summary>
internal static class SharedOptions
{
    /// <summary>Flume's server-side SSL set (avro, thrift, http, syslog sources); unset values fall back to the javax.net.ssl / FLUME_SSL_* globals.</summary>
    public static OptionSpec[] ServerSsl() =>
    [
        Opt.Bool("ssl", "false", "Accept TLS connections only."),
        Opt.Path("keystore", null, "Key store holding the server certificate (required with ssl unless set globally)."),
        Opt.Secret("keystore-password", "Password of the key store."),
        Opt.Enum("keystore-type", "JKS", "Format of the key store.", "JKS", "PKCS12"),
        Opt.List("exclude-protocols", "SSLv3", "TLS protocols to refuse (SSLv3 is always refused)."),
        Opt.List("include-protocols", null, "TLS protocols to allow (all supported ones when unset)."),
        Opt.List("exclude-cipher-suites", null, "Cipher suites to refuse."),
        Opt.List("include-cipher-suites", null, "Cipher suites to allow (all supported ones when unset)."),
    ];

    /// <summary>The RPC client's SSL set (avro and thrift sinks).</summary>
    public static OptionSpec[] ClientSsl() =>
    [
        Opt.Bool("ssl", "false", "Connect with TLS."),
        Opt.Bool("trust-all-certs", "false", "Skip server certificate checks (insecure)."),
        Opt.Path("truststore", null, "Trust store for the server certificate (the JDK default when unset)."),
        Opt.Secret("truststore-password", "Password of the trust store."),
        Opt.Enum("truststore-type", "JKS", "Format of the trust store.", "JKS", "PKCS12"),
        Opt.List("exclude-protocols", "SSLv3", "TLS protocols to refuse (SSLv3 is always refused)."),
        Opt.List("include-protocols", null, "TLS protocols to allow."),
        Opt.List("exclude-cipher-suites", null, "Cipher suites to refuse."),
        Opt.List("include-cipher-suites", null, "Cipher suites to allow."),
    ];

    /// <summary>Keys of pollable sources: how long to sleep when there is nothing to read.</summary>
    public static OptionSpec[] PollableBackoff() =>
    [
        Opt.Long("backoffSleepIncrement", "1000", "Milliseconds added to the sleep after each empty poll."),
        Opt.Long("maxBackoffSleep", "5000", "Longest sleep after empty polls, in milliseconds."),
    ];

    /// <summary>
    /// Credential keys under a Kafka passthrough prefix (<c>kafka.consumer.</c>, <c>kafka.producer.</c>), declared on their
    /// own so they are redacted although the prefix option itself is not secret.
    /// </summary>
    public static OptionSpec[] KafkaSecrets(string prefix) =>
    [
        Opt.Secret(prefix + "sasl.jaas.config", "SASL JAAS login configuration (holds the password)."),
        Opt.Secret(prefix + "ssl.keystore.password", "Password of the client key store."),
        Opt.Secret(prefix + "ssl.key.password", "Password of the client private key."),
        Opt.Secret(prefix + "ssl.truststore.password", "Password of the trust store."),
        Opt.Secret(prefix + "sasl.password", "librdkafka's SASL password (instead of sasl.jaas.config)."),
        Opt.Secret(prefix + "ssl.key.pem", "librdkafka's client private key in PEM."),
        Opt.Secret(prefix + "sasl.oauthbearer.config", "librdkafka's OAUTHBEARER settings (may hold a secret)."),
    ];

    /// <summary>
    /// Java client keys under a Kafka passthrough prefix that librdkafka has no equivalent for: accepted, and reported by
    /// <c>--check</c> as ignored with the reason (the table is <see cref="Kafka.KafkaClientSettings.Unsupported"/>).
    /// </summary>
    public static OptionSpec[] KafkaUnsupported(string prefix) =>
    [
        .. Kafka.KafkaClientSettings.Unsupported
            .Where(kv => kv.Value.Length > 0 && (prefix.Contains("consumer", StringComparison.Ordinal)
                ? !kv.Key.EndsWith(".serializer", StringComparison.Ordinal) && kv.Key != "partitioner.class"
                : !kv.Key.EndsWith(".deserializer", StringComparison.Ordinal) && kv.Key != "max.poll.records"))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => Opt.Str(prefix + kv.Key, null, "A Java Kafka client setting.") with { IgnoredBecause = kv.Value }),
    ];
}
