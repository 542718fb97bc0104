using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>Flume's channels (reference §5, §6.2).</summary>
public static class ChannelSpecs
{
    public static readonly ComponentSpec Memory = new(
        ComponentKind.Channel,
        ["memory"],
        ["org.apache.flume.channel.MemoryChannel"],
        "Holds events in memory; fast, but its contents are lost when the process exits.",
        [
            // Flume replaces a non-number or a value below 1 with the default (with a warning) instead of failing.
            Opt.Int("capacity", "100", "Most events held.", min: 1),
            Opt.Int("transactionCapacity", "100", "Most events one transaction may put or take; at most capacity.", min: 1),
            Opt.Int("keep-alive", "3", "Seconds a put or take waits for space or an event."),
            Opt.Int("byteCapacityBufferPercentage", "20", "Share of byteCapacity kept free for headers, in percent."),
            Opt.Long("byteCapacity", "80% of max heap", "Most bytes of event bodies held (0 = practically unlimited)."),
        ])
    {
        HasTransactionCapacity = true,
    };

    public static readonly ComponentSpec File = new(
        ComponentKind.Channel,
        ["file"],
        ["org.apache.flume.channel.file.FileChannel"],
        "Holds events in a write-ahead log on local disk; survives restarts.",
        [
            .. FileChannelOptions.Queue(),
            Opt.Int("capacity", "1000000", "Most events held."),
            Opt.Int("keep-alive", "3", "Seconds a put waits for space."),
        ])
    {
        HasTransactionCapacity = true,
    };

    public static readonly ComponentSpec SpillableMemory = new(
        ComponentKind.Channel,
        ["spillablememory"],
        ["org.apache.flume.channel.SpillableMemoryChannel"],
        "Holds events in memory and spills to a file channel when memory is full (experimental in Flume).",
        [
            Opt.Int("memoryCapacity", "10000", "Most events held in memory (0 = file only)."),
            Opt.Int("overflowCapacity", "100000000", "Most events held on disk (0 = memory only).") with { FallsBackOnBadValue = true },
            Opt.Int("overflowTimeout", "3", "Seconds to wait before spilling when memory is full."),
            Opt.Int("overflowDeactivationThreshold", "5", "Free memory, in percent, below which spilling continues."),
            Opt.Int("byteCapacityBufferPercentage", "20", "Share of byteCapacity kept free for headers, in percent."),
            Opt.Long("byteCapacity", "80% of max heap", "Most bytes of event bodies held in memory."),
            Opt.Int("avgEventSize", "500", "Estimated event size used for byte accounting, in bytes."),
            .. FileChannelOptions.Queue(),
        ])
    {
        // It extends Flume's FileChannel, so it inherits the transactionCapacity check against batch sizes.
        HasTransactionCapacity = true,
    };

    public static readonly ComponentSpec Jdbc = new(
        ComponentKind.Channel,
        ["jdbc"],
        ["org.apache.flume.channel.jdbc.JdbcChannel"],
        "Holds events in an embedded Derby database; not planned: needs Java's Derby.",
        [
            Opt.Enum("db.type", "DERBY", "Database type.", "DERBY"),
            Opt.Str("driver.class", "org.apache.derby.jdbc.EmbeddedDriver", "JDBC driver class."),
            Opt.Str("driver.url", "derived from db.type", "JDBC URL."),
            Opt.Str("db.username", "sa", "Database user."),
            Opt.Secret("db.password", "Database password."),
            Opt.Path("connection.properties.file", null, "File of JDBC connection properties."),
            Opt.Bool("create.schema", "true", "Create the schema when missing."),
            Opt.Bool("create.index", "true", "Create indexes."),
            Opt.Bool("create.foreignkey", "true", "Create foreign keys."),
            Opt.Enum("transaction.isolation", "READ_COMMITTED", "Transaction isolation level.",
                "READ_UNCOMMITTED", "READ_COMMITTED", "REPEATABLE_READ", "SERIALIZABLE"),
            Opt.Int("maximum.connections", "10", "Most database connections."),
            Opt.Long("maximum.capacity", "0", "Most events held (0 = unlimited)."),
            Opt.Prefix("sysprop.", "Java system properties for the database, e.g. sysprop.user.home."),
        ])
    {
        Support = SupportLevel.NotPlanned,
    };

    public static readonly ComponentSpec Kafka = new(
        ComponentKind.Channel,
        [],
        ["org.apache.flume.channel.kafka.KafkaChannel"],
        "Keeps events in a Kafka topic.",
        [
            Opt.Str("kafka.bootstrap.servers", null, "Kafka brokers, host:port, comma-separated.") with
            {
                Required = true,
                AlsoSatisfiedBy = ["brokerList"],
            },
            Opt.Str("kafka.topic", "flume-channel", "Topic that holds the events."),
            Opt.Str("kafka.consumer.group.id", "flume", "Consumer group."),
            Opt.Bool("parseAsFlumeEvent", "true", "Records are Avro-encoded Flume events (false: the record is the body)."),
            Opt.Long("kafka.pollTimeout", "500", "Milliseconds a take waits in the consumer's poll."),
            Opt.Long("pollTimeout", null, "The documented name of kafka.pollTimeout.") with
            {
                IgnoredBecause = "Flume 1.11 reads 'kafka.pollTimeout', not the documented 'pollTimeout'",
            },
            Opt.Int("defaultPartitionId", null, "Partition every event goes to (Kafka chooses when unset)."),
            Opt.Str("partitionIdHeader", null, "Header holding the partition of each event."),
            Opt.Enum("kafka.consumer.auto.offset.reset", "earliest", "Where to start without a committed offset (the docs say latest).",
                "earliest", "latest", "none"),
            Opt.Prefix("kafka.producer.", "Passed to the Kafka producer (acks defaults to all)."),
            Opt.Prefix("kafka.consumer.", "Passed to the Kafka consumer."),
            .. SharedOptions.KafkaSecrets("kafka.producer."),
            .. SharedOptions.KafkaSecrets("kafka.consumer."),
            .. SharedOptions.KafkaUnsupported("kafka.producer."),
            .. SharedOptions.KafkaUnsupported("kafka.consumer."),
            Opt.Str("brokerList", null, "Old name of kafka.bootstrap.servers.") with { DeprecatedBy = "use kafka.bootstrap.servers" },
            Opt.Str("topic", null, "Old name of kafka.topic.") with { DeprecatedBy = "use kafka.topic" },
            Opt.Str("groupId", null, "Old name of kafka.consumer.group.id.") with { DeprecatedBy = "use kafka.consumer.group.id" },
            Opt.Bool("readSmallestOffset", "false", "Old way to start at the earliest offset.") with
            {
                DeprecatedBy = "use kafka.consumer.auto.offset.reset",
            },
            Opt.Bool("migrateZookeeperOffsets", "true", "Copy offsets kept in ZooKeeper to Kafka.") with
            {
                IgnoredBecause = "not supported: FlumeNet does not read offsets from ZooKeeper (the group's Kafka offsets are used)",
            },
            Opt.Str("zookeeperConnect", null, "Old ZooKeeper address, used only to migrate offsets.") with
            {
                IgnoredBecause = "FlumeNet does not read offsets from ZooKeeper",
            },
        ]);

    public static readonly ComponentSpec PseudoTxnMemory = new(
        ComponentKind.Channel,
        [],
        ["org.apache.flume.channel.PseudoTxnMemoryChannel"],
        "An in-memory queue without real transactions: a rollback loses events; for tests.",
        [
            Opt.Int("capacity", "50", "Most events held."),
            Opt.Int("keep-alive", "3", "Seconds a put or take waits."),
        ]);
}
