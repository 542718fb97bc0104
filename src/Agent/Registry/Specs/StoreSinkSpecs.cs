using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>Sinks into data stores and brokers: Kafka, Hive, Kudu, Solr (morphline), Elasticsearch (reference §5, §6.3).</summary>
public static class StoreSinkSpecs
{
    public static readonly ComponentSpec Kafka = new(
        ComponentKind.Sink,
        [],
        ["org.apache.flume.sink.kafka.KafkaSink"],
        "Publishes events to a Kafka topic; a topic header overrides the topic, a key header sets the record key.",
        [
            Opt.Str("kafka.bootstrap.servers", null, "Kafka brokers, host:port, comma-separated.") with
            {
                Required = true,
                AlsoSatisfiedBy = ["brokerList"],
            },
            Opt.Str("kafka.topic", "default-flume-topic", "Topic to publish to; %{header} escapes allowed."),
            Opt.Int("flumeBatchSize", "100", "Events taken per transaction."),
            Opt.Str("kafka.producer.acks", "1", "Acknowledgements the producer waits for (0, 1 or all)."),
            Opt.Bool("useFlumeEventFormat", "false", "Publish Avro-encoded Flume events (headers and body)."),
            Opt.Int("defaultPartitionId", null, "Partition every event goes to (Kafka chooses when unset)."),
            Opt.Str("partitionIdHeader", null, "Header holding the partition of each event."),
            Opt.Bool("allowTopicOverride", "true", "Let the topic header choose the topic."),
            Opt.Str("topicHeader", "topic", "Name of the header that overrides the topic."),
            Opt.Str("timestampHeader", null, "Header holding the record timestamp, in epoch milliseconds."),
            Opt.Prefix("header.", "header.<flume header> = <kafka header>: copy event headers into record headers."),
            Opt.Prefix("kafka.producer.", "Passed to the Kafka producer (e.g. kafka.producer.security.protocol)."),
            .. SharedOptions.KafkaSecrets("kafka.producer."),
            .. SharedOptions.KafkaUnsupported("kafka.producer."),
            Opt.Str("brokerList", null, "Old name of kafka.bootstrap.servers.") with { DeprecatedBy = "use kafka.bootstrap.servers" },
            Opt.Str("topic", null, "Old name of kafka.topic.") with { DeprecatedBy = "use kafka.topic" },
            Opt.Int("batchSize", null, "Old name of flumeBatchSize.") with { DeprecatedBy = "use flumeBatchSize" },
            Opt.Str("requiredAcks", null, "Old name of kafka.producer.acks.") with { DeprecatedBy = "use kafka.producer.acks" },
            Opt.Str("serializer.class", null, "Kafka 0.8 serializer class.") with { IgnoredBecause = "Flume 1.11 ignores it too (the key is always a string, the value bytes)" },
            Opt.Str("key.serializer.class", null, "Kafka 0.8 key serializer class.") with { IgnoredBecause = "Flume 1.11 ignores it too (the key is always a string)" },
        ])
    {
        BatchSizeKey = "flumeBatchSize",
    };

    public static readonly ComponentSpec Hive = new(
        ComponentKind.Sink,
        ["hive"],
        ["org.apache.flume.sink.hive.HiveSink"],
        "Streams events into a transactional Hive table; not planned: needs Hive's Java streaming API and metastore.",
        [
            Opt.Str("hive.metastore", null, "Metastore URI, thrift://host:port.") with { Required = true },
            Opt.Str("hive.database", null, "Hive database.") with { Required = true },
            Opt.Str("hive.table", null, "Hive table.") with { Required = true },
            Opt.Str("hive.partition", null, "Partition values, comma-separated; escapes allowed."),
            Opt.Int("hive.txnsPerBatchAsk", "100", "Transactions requested from Hive at once."),
            Opt.Int("heartBeatInterval", "240", "Seconds between transaction heartbeats."),
            Opt.Bool("autoCreatePartitions", "true", "Create missing partitions."),
            Opt.Int("batchSize", "15000", "Events written per Hive transaction and taken per channel transaction."),
            Opt.Int("maxOpenConnections", "500", "Most open connections."),
            Opt.Int("callTimeout", "10000", "Milliseconds allowed for a Hive call."),
            Opt.Int("idleTimeout", "0", "Seconds before an idle connection is closed (0 = never)."),
            Opt.Enum("serializer", null, "How an event becomes a row.", "DELIMITED", "JSON") with
            {
                Required = true,
                AcceptsClassName = true,
            },
            Opt.Str("serializer.delimiter", ",", "DELIMITED: field separator of the body."),
            Opt.Str("serializer.fieldnames", null, "DELIMITED (required there): table columns of the fields, comma-separated."),
            Opt.Str("serializer.serdeSeparator", "Ctrl-A", "DELIMITED: separator handed to the Hive serde."),
            Opt.Bool("round", "false", "Round the timestamp down for partition escapes."),
            Opt.Enum("roundUnit", "minute", "Unit of roundValue.", "second", "minute", "hour"),
            Opt.Int("roundValue", "1", "Round down to this many units."),
            Opt.Str("timeZone", "Local Time", "Time zone for escapes."),
            Opt.Bool("useLocalTimeStamp", "false", "Use the agent clock instead of the timestamp header."),
        ])
    {
        Support = SupportLevel.NotPlanned,
        BatchSizeKey = "batchSize",
    };

    public static readonly ComponentSpec Kudu = new(
        ComponentKind.Sink,
        [],
        ["org.apache.flume.sink.kudu.KuduSink"],
        "Writes events to an Apache Kudu table; not planned: needs Kudu's Java client.",
        [
            Opt.Str("masterAddresses", null, "Kudu masters, host:port, comma-separated.") with { Required = true },
            Opt.Str("tableName", null, "Kudu table.") with { Required = true },
            Opt.Str("producer", "org.apache.flume.sink.kudu.SimpleKuduOperationsProducer", "Class that turns an event into Kudu operations."),
            Opt.Prefix("producer.", "Passed to the operations producer."),
            Opt.Int("batchSize", "1000", "Events written per transaction."),
            Opt.Long("timeoutMillis", "30000", "Milliseconds allowed for a Kudu operation."),
            Opt.Bool("ignoreDuplicateRows", "true", "Ignore duplicate-key errors."),
            Opt.Str("kerberosPrincipal", null, "Kerberos principal."),
            Opt.Path("kerberosKeytab", null, "Keytab of the Kerberos principal."),
            Opt.Str("proxyUser", null, "User to act as."),
        ])
    {
        Support = SupportLevel.NotPlanned,
    };

    public static readonly ComponentSpec MorphlineSolr = new(
        ComponentKind.Sink,
        ["morphline_solr"],
        ["org.apache.flume.sink.solr.morphline.MorphlineSolrSink"],
        "Transforms events with a Kite morphline and loads them into Solr; not planned: needs the Java morphline engine.",
        [
            Opt.Path("morphlineFile", null, "The morphline configuration file.") with { Required = true },
            Opt.Str("morphlineId", null, "Which morphline of the file to run (the first when unset)."),
            Opt.Int("batchSize", "1000", "Events taken per transaction."),
            Opt.Long("batchDurationMillis", "1000", "Longest wait before a partial batch is processed, in milliseconds."),
            Opt.Str("handlerClass", "org.apache.flume.sink.solr.morphline.MorphlineHandlerImpl", "Class that runs the morphline."),
            Opt.Prefix("morphlineVariable.", "Variables substituted in the morphline file."),
            Opt.Bool("isProductionMode", "false", "Log and skip events the morphline fails on."),
            Opt.Bool("isIgnoringRecoverableExceptions", "false", "Skip events that fail with a recoverable error."),
            Opt.Str("recoverableExceptionClasses", null, "Exception classes treated as recoverable, comma-separated."),
        ])
    {
        Support = SupportLevel.NotPlanned,
        BatchSizeKey = "batchSize",
    };

    public static readonly ComponentSpec Elasticsearch = new(
        ComponentKind.Sink,
        ["elasticsearch"],
        ["org.apache.flume.sink.elasticsearch.ElasticSearchSink"],
        "Indexes events into Elasticsearch; not planned: its module is absent from Flume 1.11, where this type stops the agent from starting.",
        [
            Opt.Str("hostNames", null, "Elasticsearch nodes, host:port, comma-separated.") with { Required = true },
            Opt.Str("indexName", "flume", "Index name prefix; the date is appended."),
            Opt.Str("indexType", "logs", "Document type."),
            Opt.Str("clusterName", "elasticsearch", "Cluster name."),
            Opt.Int("batchSize", "100", "Events indexed per transaction."),
            Opt.Str("ttl", null, "Time to live of the documents, e.g. 5d."),
            Opt.Str("serializer", "org.apache.flume.sink.elasticsearch.ElasticSearchLogStashEventSerializer", "Class that builds the documents."),
            Opt.Prefix("serializer.", "Passed to the serializer."),
            Opt.Str("indexNameBuilder", "org.apache.flume.sink.elasticsearch.TimeBasedIndexNameBuilder", "Class that names the index."),
            Opt.Prefix("indexNameBuilder.", "Passed to the index name builder."),
            Opt.Str("client", "transport", "Client kind: transport or rest."),
        ])
    {
        Support = SupportLevel.NotPlanned,
    };
}
