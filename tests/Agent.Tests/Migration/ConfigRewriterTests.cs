using System.Text;
using FlumeNet.Agent.Migration;
using FlumeNet.Agent.Registry;
using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Properties;
using FlumeNet.ConfigParser.Substitution;
using FlumeNet.ConfigParser.Validation;

namespace FlumeNet.Agent.Tests.Migration;

public sealed class ConfigRewriterTests
{
    private static RewriteResult Rewrite(string text, IReadOnlyList<LineMark>? marks = null, IReadOnlyList<KeyFix>? fixes = null)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        var diagnostics = new DiagnosticBag();
        var entries = PropertiesReader.Read(bytes, "c.properties", diagnostics);
        var resolved = PropertyResolver.Resolve(entries, new SubstitutionContext(new Dictionary<string, string>(), _ => null, DateTimeOffset.UnixEpoch), diagnostics);
        var config = ConfigIntake.Build(resolved, diagnostics);
        var policy = new SecretPolicy(config, ComponentRegistry.Default);
        return ConfigRewriter.Rewrite(bytes, "c.properties", policy, marks ?? [], fixes ?? [], ConfigRewriter.VariableName);
    }

    private static string Text(RewriteResult r) => Encoding.Latin1.GetString(r.Bytes);

    [Fact]
    public void NothingToChange_GivesTheSameBytes_WhateverTheLineEndsEscapesAndContinuations()
    {
        const string text = "# caf\u00e9\r\na1.sources = r1\r\na1.sources.r1.type = seq\ra1.sources.r1.command = tail \\\n    -F /x\\u0041\n! note\na1.channels.c1.type=memory";
        var r = Rewrite(text);
        Assert.True(r.Identical);
        Assert.Equal(Encoding.Latin1.GetBytes(text), r.Bytes);
        Assert.Empty(r.Edits);
    }

    [Fact]
    public void Secret_IsReplacedByAnEnvironmentLookup_EvenOverContinuationLines()
    {
        var r = Rewrite("a1.sources.r1.type = com.aliyun.loghub.flume.source.LoghubSource\r\na1.sources.r1.accessKey : top\\\r\n   secret\r\na1.sources.r1.project = p\r\n");
        Assert.Equal(
            "a1.sources.r1.type = com.aliyun.loghub.flume.source.LoghubSource\r\n"
            + "# flumenet-migrate: secret value moved out of this file: set A1_R1_ACCESSKEY where the agent runs (see flumenet.env)\r\n"
            + "a1.sources.r1.accessKey : ${env:A1_R1_ACCESSKEY}\r\n"
            + "a1.sources.r1.project = p\r\n",
            Text(r));
        Assert.DoesNotContain("secret\r", Text(r), StringComparison.Ordinal);
        Assert.Equal("A1_R1_ACCESSKEY", r.Secrets.Single().Variable);
    }

    [Fact]
    public void CommentedOutSecret_IsMasked_AndReferencesAreLeftAlone()
    {
        var r = Rewrite("#a1.sinks.k1.accessKey = old-secret\na1.sinks.k1.accessKey = ${env:SLS_KEY}\n# a1.sinks.k1.password: ${f1['pw']}\n");
        Assert.Equal(
            "# flumenet-migrate: secret value removed from this commented-out line\n#a1.sinks.k1.accessKey = ***\n"
            + "a1.sinks.k1.accessKey = ${env:SLS_KEY}\n# a1.sinks.k1.password: ${f1['pw']}\n",
            Text(r));
    }

    [Fact]
    public void KeyFix_RenamesInPlace_KeepingTheSeparatorAndValue()
    {
        var fix = new KeyFix(2, "a1.channels.c1.transactionCapactiy", "a1.channels.c1.transactionCapacity", null, "typo");
        var r = Rewrite("a1.channels.c1.type = memory\n  a1.channels.c1.transactionCapactiy:100   \n", fixes: [fix]);
        Assert.Equal(
            "a1.channels.c1.type = memory\n# flumenet-migrate: renamed a1.channels.c1.transactionCapactiy to a1.channels.c1.transactionCapacity: typo\n"
            + "  a1.channels.c1.transactionCapacity:100   \n",
            Text(r));
        Assert.Single(r.AppliedFixes);
    }

    [Fact]
    public void KeyFix_OnAnEscapedKey_IsNotApplied()
    {
        var fix = new KeyFix(1, "a1.sources.r1.a b", "a1.sources.r1.ab", null, "typo");
        var r = Rewrite("a1.sources.r1.a\\ b = 1\n", fixes: [fix]);
        Assert.True(r.Identical);
        Assert.Empty(r.AppliedFixes);
    }

    [Fact]
    public void Marks_GoAboveTheFirstLineOfALogicalLine_InTheFilesLineEnding()
    {
        var r = Rewrite("a1.sinks.k1.hdfs.path = oss://b/\\\r\n  x\r\n", marks: [new LineMark(1, "not supported \u2192 change it")]);
        Assert.Equal("# flumenet-migrate: not supported -> change it\r\na1.sinks.k1.hdfs.path = oss://b/\\\r\n  x\r\n", Text(r));
    }

    [Theory]
    [InlineData("default-agent.sources.loghub-source.accessKey", "DEFAULT_AGENT_LOGHUB_SOURCE_ACCESSKEY")]
    [InlineData("a1.sources.r1.kafka.consumer.sasl.jaas.config", "A1_R1_KAFKA_CONSUMER_SASL_JAAS_CONFIG")]
    [InlineData("1a.sources.r1.password", "FLUMENET_1A_R1_PASSWORD")]
    public void VariableName_FromTheFullKey(string key, string name) => Assert.Equal(name, ConfigRewriter.VariableName(key));
}
