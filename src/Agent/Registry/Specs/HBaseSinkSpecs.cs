using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>The HBase sinks (reference §6.3); not planned: they need HBase's Java client and ZooKeeper.</summary>
public static class HBaseSinkSpecs
{
    private const string NotPlanned = "; not planned: needs HBase's Java client.";

    public static readonly ComponentSpec HBase = new(
        ComponentKind.Sink,
        ["hbase"],
        ["org.apache.flume.sink.hbase.HBaseSink"],
        "Writes events to an HBase 1.x table" + NotPlanned,
        [
            .. Common("org.apache.flume.sink.hbase.SimpleHbaseEventSerializer"),
            Opt.Str("kerberosPrincipal", null, "Kerberos principal for secure HBase."),
            Opt.Path("kerberosKeytab", null, "Keytab of the Kerberos principal."),
        ])
    {
        Support = SupportLevel.NotPlanned,
        BatchSizeKey = "batchSize",
    };

    public static readonly ComponentSpec HBase2 = new(
        ComponentKind.Sink,
        ["hbase2"],
        ["org.apache.flume.sink.hbase2.HBase2Sink"],
        "Writes events to an HBase 2.x table" + NotPlanned,
        [
            .. Common("org.apache.flume.sink.hbase2.SimpleHBase2EventSerializer"),
            Opt.Str("kerberosPrincipal", null, "Kerberos principal for secure HBase."),
            Opt.Path("kerberosKeytab", null, "Keytab of the Kerberos principal."),
        ])
    {
        Support = SupportLevel.NotPlanned,
        BatchSizeKey = "batchSize",
    };

    public static readonly ComponentSpec AsyncHBase = new(
        ComponentKind.Sink,
        ["asynchbase"],
        ["org.apache.flume.sink.hbase.AsyncHBaseSink"],
        "Writes events to HBase with the asynchbase client" + NotPlanned,
        [
            .. Common("org.apache.flume.sink.hbase.SimpleAsyncHbaseEventSerializer"),
            Opt.Long("timeout", "60000", "Milliseconds to wait for HBase to acknowledge a batch."),
            Opt.Int("maxConsecutiveFails", "10", "Failed batches in a row before the client is rebuilt."),
            Opt.Prefix("async.", "Passed to the asynchbase client."),
        ])
    {
        Support = SupportLevel.NotPlanned,
        BatchSizeKey = "batchSize",
    };

    private static OptionSpec[] Common(string defaultSerializer) =>
    [
        Opt.Str("table", null, "HBase table.") with { Required = true },
        Opt.Str("columnFamily", null, "Column family to write to.") with { Required = true },
        Opt.Str("zookeeperQuorum", null, "ZooKeeper quorum of the cluster (hbase-site.xml when unset)."),
        Opt.Str("znodeParent", "/hbase", "Root znode of the cluster."),
        Opt.Long("batchSize", "100", "Events written per transaction."),
        Opt.Bool("coalesceIncrements", "false", "Merge increments of the same cell within a batch."),
        Opt.Bool("enableWal", "true", "Write to HBase's write-ahead log."),
        Opt.Str("serializer", defaultSerializer, "Class that turns an event into puts and increments."),
        Opt.Prefix("serializer.", "Passed to the serializer."),
    ];
}
