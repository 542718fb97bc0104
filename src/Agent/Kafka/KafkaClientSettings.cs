using System.Globalization;

namespace FlumeNet.Agent.Kafka;

/// <summary>
/// Turns the Java client properties Flume passes through (<c>kafka.producer.*</c> / <c>kafka.consumer.*</c>, prefix
/// stripped) into librdkafka properties: same-named keys pass as they are, renamed ones are mapped, Java-only ones are
/// dropped with a warning, and <c>sasl.jaas.config</c> becomes librdkafka's username/password or keytab/principal.
/// Keys that look like credentials are redacted in <see cref="Describe"/> and in every warning.
/// </summary>
public static class KafkaClientSettings
{
    /// <summary>Java name → librdkafka name where they differ (the table in docs/architecture.md).</summary>
    public static readonly IReadOnlyDictionary<string, string> Renamed = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["max.request.size"] = "message.max.bytes",
        ["delivery.timeout.ms"] = "message.timeout.ms",
        ["buffer.memory"] = "queue.buffering.max.kbytes",
        ["sasl.mechanism"] = "sasl.mechanisms",
        ["ssl.truststore.location"] = "ssl.ca.location",
        ["ssl.truststore.password"] = "ssl.ca.password",
        ["ssl.keystore.location"] = "ssl.keystore.location",
    };

    /// <summary>Java keys librdkafka has no equivalent for: dropped with the reason as a warning.</summary>
    public static readonly IReadOnlyDictionary<string, string> Unsupported = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["key.serializer"] = "FlumeNet always sends the key as UTF-8 text, as Flume's StringSerializer does",
        ["value.serializer"] = "FlumeNet always sends the body bytes, as Flume's ByteArraySerializer does",
        ["key.deserializer"] = "FlumeNet always reads the key as UTF-8 text, as Flume's StringDeserializer does",
        ["value.deserializer"] = "FlumeNet always reads the value as bytes, as Flume's ByteArrayDeserializer does",
        ["partitioner.class"] = "librdkafka takes no Java class; FlumeNet uses murmur2_random, the Java default partitioner's hash",
        ["interceptor.classes"] = "Java client interceptors cannot run in FlumeNet",
        ["metric.reporters"] = "Java metric reporters cannot run in FlumeNet",
        ["max.poll.records"] = "librdkafka has no poll batch limit; the component's batch size bounds each batch",
        ["ssl.truststore.type"] = "librdkafka reads a PEM CA file (ssl.ca.location) or a PKCS#12 keystore",
        ["ssl.keystore.type"] = "librdkafka reads PKCS#12 keystores only",
        ["ssl.protocol"] = "librdkafka negotiates the TLS version itself",
        ["ssl.enabled.protocols"] = "librdkafka negotiates the TLS version itself",
        ["ssl.keymanager.algorithm"] = "a JSSE setting without librdkafka equivalent",
        ["ssl.trustmanager.algorithm"] = "a JSSE setting without librdkafka equivalent",
        ["sasl.login.class"] = "Java login classes cannot run in FlumeNet",
        ["sasl.client.callback.handler.class"] = "Java callback handlers cannot run in FlumeNet",
        ["sasl.login.callback.handler.class"] = "Java callback handlers cannot run in FlumeNet",
        ["sasl.kerberos.kinit.cmd"] = "librdkafka runs its own kinit command (sasl.kerberos.kinit.cmd there has another syntax)",
        ["ssl.disableTLSHostnameVerification"] = "",
        ["exclude.internal.topics"] = "librdkafka never delivers internal topics to pattern subscriptions",
        ["default.api.timeout.ms"] = "librdkafka has no general API timeout",
        ["send.buffer.bytes"] = "socket.send.buffer.bytes is librdkafka's key",
        ["receive.buffer.bytes"] = "socket.receive.buffer.bytes is librdkafka's key",
        ["reconnect.backoff.max.ms"] = "",
        ["connections.max.idle.ms"] = "",
    };

    private static readonly string[] SecretMarkers = ["password", "jaas", "secret", "sasl.oauthbearer.config", "ssl.key.pem", "keystore.key"];

    public static bool IsSecret(string key)
    {
        foreach (var marker in SecretMarkers)
        {
            if (key.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// librdkafka settings from the passthrough keys, with <paramref name="defaults"/> applied before them (so users may
    /// override them, as Flume's defaults) and <paramref name="forced"/> after (they win, as Flume's forced values).
    /// </summary>
    public static Dictionary<string, string> Translate(
        IReadOnlyDictionary<string, string> passthrough,
        IReadOnlyDictionary<string, string> defaults,
        IReadOnlyDictionary<string, string> forced,
        ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(passthrough);
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(forced);
        ArgumentNullException.ThrowIfNull(warnings);
        var result = new Dictionary<string, string>(defaults, StringComparer.Ordinal);
        foreach (var (key, rawValue) in passthrough)
        {
            var value = rawValue.Trim();
            if (key == "ssl.disableTLSHostnameVerification")
            {
                if (bool.TryParse(value, out var off) && off)
                {
                    result["ssl.endpoint.identification.algorithm"] = "none";
                }
                continue;
            }
            if (key == "sasl.jaas.config")
            {
                ApplyJaas(value, result, warnings);
                continue;
            }
            if (Unsupported.TryGetValue(key, out var reason))
            {
                if (reason.Length > 0 && !IsDefaultSerde(key, value))
                {
                    warnings.Add($"'{key}' is not supported by librdkafka and is ignored: {reason}");
                }
                continue;
            }
            if (key is "ssl.truststore.location" or "ssl.keystore.location" && value.EndsWith(".jks", StringComparison.OrdinalIgnoreCase))
            {
                warnings.Add($"'{key}' names a JKS store, which librdkafka cannot read: convert it to PEM (trust store, ssl.ca.location) or PKCS#12 (key store)");
            }
            var target = Renamed.TryGetValue(key, out var renamed) ? renamed : key;
            result[target] = Convert(key, value, warnings);
        }
        foreach (var (key, value) in forced)
        {
            result[key] = value;
        }
        return result;
    }

    /// <summary>The settings with credentials shown as ***, for INFO logs and errors.</summary>
    public static string Describe(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return string.Join(", ", settings.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key + "=" + (IsSecret(kv.Key) ? "***" : kv.Value)));
    }

    private static string Convert(string key, string value, ICollection<string> warnings)
    {
        switch (key)
        {
            case "buffer.memory":
                return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes)
                    ? Math.Max(1, bytes / 1024).ToString(CultureInfo.InvariantCulture)
                    : value;
            case "auto.offset.reset":
                return string.Equals(value, "none", StringComparison.OrdinalIgnoreCase) ? "error" : value.ToLowerInvariant();
            case "security.protocol":
            case "isolation.level":
            case "compression.type":
                return value.ToLowerInvariant();
            case "partition.assignment.strategy":
                return string.Join(",", value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(s => Assignor(s, warnings)));
            case "ssl.endpoint.identification.algorithm":
                return value.Length == 0 ? "none" : value.ToLowerInvariant();
            default:
                return value;
        }
    }

    private static string Assignor(string javaName, ICollection<string> warnings)
    {
        var simple = javaName[(javaName.LastIndexOf('.') + 1)..];
        switch (simple)
        {
            case "RangeAssignor" or "range":
                return "range";
            case "RoundRobinAssignor" or "roundrobin":
                return "roundrobin";
            case "CooperativeStickyAssignor" or "cooperative-sticky":
                return "cooperative-sticky";
            default:
                warnings.Add($"'partition.assignment.strategy' {simple} has no librdkafka equivalent; range is used");
                return "range";
        }
    }

    private static void ApplyJaas(string text, Dictionary<string, string> result, ICollection<string> warnings)
    {
        JaasConfig jaas;
        try
        {
            jaas = JaasConfig.Parse(text);
        }
        catch (FormatException ex)
        {
            warnings.Add($"'sasl.jaas.config' (value ***) cannot be read: {ex.Message}");
            return;
        }
        if (jaas.IsPlainOrScram)
        {
            if (jaas.Option("username") is { } user)
            {
                result["sasl.username"] = user;
            }
            if (jaas.Option("password") is { } password)
            {
                result["sasl.password"] = password;
            }
        }
        else if (jaas.IsKerberos)
        {
            if (jaas.Option("keyTab") is { } keytab)
            {
                result["sasl.kerberos.keytab"] = keytab;
            }
            if (jaas.Option("principal") is { } principal)
            {
                result["sasl.kerberos.principal"] = principal;
            }
        }
        else
        {
            warnings.Add($"'sasl.jaas.config' login module {jaas.LoginModule} is not supported (PLAIN, SCRAM and Kerberos are)");
        }
    }

    private static bool IsDefaultSerde(string key, string value) => key switch
    {
        "key.serializer" => value == "org.apache.kafka.common.serialization.StringSerializer",
        "value.serializer" => value == "org.apache.kafka.common.serialization.ByteArraySerializer",
        "key.deserializer" => value == "org.apache.kafka.common.serialization.StringDeserializer",
        "value.deserializer" => value == "org.apache.kafka.common.serialization.ByteArrayDeserializer",
        _ => false,
    };
}
