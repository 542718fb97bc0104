using System.Text;
using FlumeNet.Agent.Hdfs.FileSystems;
using FlumeNet.Agent.Migration;
using FlumeNet.Agent.Registry;

namespace FlumeNet.Agent.Tests.Migration;

public sealed class MigrationMapTests
{
    [Fact]
    public void MarkdownTable_HoldsEveryArea()
    {
        var sb = new StringBuilder();
        MarkdownReportWriter.AppendMapping(sb, ComponentRegistry.Default);
        var md = sb.ToString();
        foreach (var expected in new[]
        {
            "### Flume source", "### EMR source", "### aliyun-log-flume source", "### LogHub source keys (EMR → aliyun-log-flume)",
            "| consumerPosition | initialPosition |", "| heartbeatInterval | heartbeatIntervalMs |", "| startTime | timestamp |",
            "| oss:// | – | not supported |", "org.apache.flume.sink.hive.HiveSink | same type | not planned",
            "org.apache.flume.sink.hbase2.HBase2Sink | same type | not planned", "org.apache.flume.source.kafka.KafkaSource",
            "### flume-env.sh", "### log4j logger names", "### log4j → NLog",
        })
        {
            Assert.Contains(expected, md, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void KafkaComponents_AreSupportedOnceTheyExist_HiveAndHBaseAreNotPlanned()
    {
        var registry = ComponentRegistry.Default;
        var kafka = registry.Resolve(ConfigParser.Specs.ComponentKind.Source, "org.apache.flume.source.kafka.KafkaSource")!.Spec;
        var hive = registry.Resolve(ConfigParser.Specs.ComponentKind.Sink, "hive")!.Spec;
        var hbase = registry.Resolve(ConfigParser.Specs.ComponentKind.Sink, "hbase")!.Spec;
        Assert.Contains(kafka.Support == ConfigParser.Specs.SupportLevel.Runnable ? "Kafka component" : "once FlumeNet's Kafka components exist",
            MigrationMap.ComponentNote(kafka), StringComparison.Ordinal);
        Assert.StartsWith("not planned", MigrationMap.ComponentNote(hive), StringComparison.Ordinal);
        Assert.StartsWith("not planned", MigrationMap.ComponentNote(hbase), StringComparison.Ordinal);
    }

    [Fact]
    public void OssPaths_AreBlockers_LocalPathsAreFine()
    {
        var oss = MigrationMap.PathProblem("oss://bucket.cn-hangzhou.oss-dls.aliyuncs.com/flume/%Y", HadoopConfig.Empty);
        Assert.True(oss is { Blocker: true });
        Assert.Contains("JindoSDK", oss!.Value.Text, StringComparison.Ordinal);
        Assert.Null(MigrationMap.PathProblem("file:///data/flume/%Y", HadoopConfig.Empty));
        Assert.Null(MigrationMap.PathProblem("/data/flume/%Y", HadoopConfig.Empty));
    }

    [Fact]
    public void LogHubKeys_RenameBothWays()
    {
        Assert.Equal("initialPosition", MigrationMap.LogHubPairForEmr("consumerPosition")!.Aliyun);
        Assert.Equal("heartbeatInterval", MigrationMap.LogHubPairForAliyun("heartbeatIntervalMs")!.Emr);
        Assert.Equal("timestamp", MigrationMap.LogHubPairForEmr("consumerPosition")!.Values!["special"]);
        Assert.False(MigrationMap.LogHubPairForEmr("batchDurationMillis")!.AutoRename);
    }

    [Theory]
    [InlineData("org.apache.flume.sink.hdfs", "FlumeNet.Agent.Sinks.Hdfs*")]
    [InlineData("org.apache.flume.sink.hdfs.BucketWriter", "FlumeNet.Agent.Sinks.Hdfs*")]
    [InlineData("org.apache.flume", "FlumeNet.*")]
    [InlineData("org.apache.hadoop.hive.metastore", null)]
    [InlineData("com.example.Custom", null)]
    public void LoggerNames_MapByLongestPrefix(string java, string? flumeNet) => Assert.Equal(flumeNet, MigrationMap.MapLoggerName(java).Pattern);

    [Theory]
    [InlineData("transactionCapactiy", "transactionCapacity")]
    [InlineData("batchsize", "batchSize")]
    [InlineData("hdfs.rollIntervall", "hdfs.rollInterval")]
    [InlineData("capcity", "capacity")]
    [InlineData("zzz", null)]
    public void UniqueNearest_FindsOneCloseCandidate(string key, string? expected) =>
        Assert.Equal(expected, KeyFixProposer.UniqueNearest(key, ["transactionCapacity", "batchSize", "hdfs.rollInterval", "hdfs.rollSize", "capacity", "type"]));

    [Fact]
    public void UniqueNearest_RefusesATie() => Assert.Null(KeyFixProposer.UniqueNearest("hdfs.rollSiz", ["hdfs.rollSize", "hdfs.rollSizf"]));
}
