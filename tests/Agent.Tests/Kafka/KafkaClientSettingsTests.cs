using FlumeNet.Agent.Kafka;

namespace FlumeNet.Agent.Tests.Kafka;

public sealed class KafkaClientSettingsTests
{
    private static Dictionary<string, string> Translate(Dictionary<string, string> passthrough, List<string> warnings,
        Dictionary<string, string>? defaults = null, Dictionary<string, string>? forced = null) =>
        KafkaClientSettings.Translate(passthrough, defaults ?? [], forced ?? [], warnings);

    [Fact]
    public void JavaNames_AreMappedToLibrdkafkaNames()
    {
        var warnings = new List<string>();
        var s = Translate(new()
        {
            ["max.request.size"] = "2000000",
            ["delivery.timeout.ms"] = "30000",
            ["buffer.memory"] = "33554432",
            ["linger.ms"] = "7",
            ["compression.type"] = "LZ4",
            ["auto.offset.reset"] = "none",
            ["partition.assignment.strategy"] = "org.apache.kafka.clients.consumer.RoundRobinAssignor",
        }, warnings);
        Assert.Equal("2000000", s["message.max.bytes"]);
        Assert.Equal("30000", s["message.timeout.ms"]);
        Assert.Equal("32768", s["queue.buffering.max.kbytes"]);
        Assert.Equal("7", s["linger.ms"]);
        Assert.Equal("lz4", s["compression.type"]);
        Assert.Equal("error", s["auto.offset.reset"]);
        Assert.Equal("roundrobin", s["partition.assignment.strategy"]);
        Assert.Empty(warnings);
    }

    [Fact]
    public void JaasPlain_BecomesUsernameAndPassword_AndIsNeverShown()
    {
        var warnings = new List<string>();
        var s = Translate(new()
        {
            ["security.protocol"] = "SASL_SSL",
            ["sasl.mechanism"] = "SCRAM-SHA-512",
            ["sasl.jaas.config"] = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\" password=\"s3cr\\\"et\";",
        }, warnings);
        Assert.Equal("sasl_ssl", s["security.protocol"]);
        Assert.Equal("SCRAM-SHA-512", s["sasl.mechanisms"]);
        Assert.Equal("alice", s["sasl.username"]);
        Assert.Equal("s3cr\"et", s["sasl.password"]);
        Assert.False(s.ContainsKey("sasl.jaas.config"));
        var shown = KafkaClientSettings.Describe(s);
        Assert.DoesNotContain("s3cr", shown, StringComparison.Ordinal);
        Assert.Contains("sasl.password=***", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void JaasKerberos_BecomesKeytabAndPrincipal()
    {
        var s = Translate(new()
        {
            ["sasl.jaas.config"] = "com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true storeKey=true keyTab=\"/etc/flume.keytab\" principal=\"flume/host@EXAMPLE.COM\";",
            ["sasl.kerberos.service.name"] = "kafka",
        }, []);
        Assert.Equal("/etc/flume.keytab", s["sasl.kerberos.keytab"]);
        Assert.Equal("flume/host@EXAMPLE.COM", s["sasl.kerberos.principal"]);
        Assert.Equal("kafka", s["sasl.kerberos.service.name"]);
    }

    [Fact]
    public void UnreadableJaas_WarnsWithoutQuotingIt()
    {
        var warnings = new List<string>();
        Translate(new() { ["sasl.jaas.config"] = "password=hunter2" }, warnings);
        Assert.Single(warnings);
        Assert.DoesNotContain("hunter2", warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void JavaOnlyKeys_AreDroppedWithAWarning_DefaultSerdesSilently()
    {
        var warnings = new List<string>();
        var s = Translate(new()
        {
            ["key.deserializer"] = "org.apache.kafka.common.serialization.StringDeserializer",
            ["max.poll.records"] = "500",
            ["interceptor.classes"] = "com.example.Tracing",
        }, warnings);
        Assert.Empty(s);
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("max.poll.records", StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_CanBeOverridden_ForcedValuesCannot()
    {
        var s = Translate(new() { ["acks"] = "all", ["bootstrap.servers"] = "elsewhere:9092", ["enable.auto.commit"] = "true" }, [],
            defaults: new() { ["acks"] = "1" },
            forced: new() { ["bootstrap.servers"] = "b:9092", ["enable.auto.commit"] = "false" });
        Assert.Equal("all", s["acks"]);
        Assert.Equal("b:9092", s["bootstrap.servers"]);
        Assert.Equal("false", s["enable.auto.commit"]);
    }

    [Fact]
    public void DisabledHostnameVerification_TurnsOffEndpointIdentification()
    {
        var s = Translate(new() { ["ssl.disableTLSHostnameVerification"] = "true", ["ssl.truststore.location"] = "/etc/ca.pem" }, []);
        Assert.Equal("none", s["ssl.endpoint.identification.algorithm"]);
        Assert.Equal("/etc/ca.pem", s["ssl.ca.location"]);
    }
}
