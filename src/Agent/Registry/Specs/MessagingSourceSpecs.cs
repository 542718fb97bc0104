using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>Sources that consume from messaging systems and web APIs: Kafka, JMS, Twitter (reference §6.1).</summary>
public static class MessagingSourceSpecs
{
    public static readonly ComponentSpec Kafka = new(
        ComponentKind.Source,
        [],
        ["org.apache.flume.source.kafka.KafkaSource"],
        "Consumes Kafka topics; offsets are committed after each batch reaches the channels.",
        [
            Opt.Str("kafka.bootstrap.servers", null, "Kafka brokers, host:port, comma-separated (FlumeNet does not read them from ZooKeeper).") with
            {
                Required = true,
                // Flume 1.11 then looks the brokers up in ZooKeeper; FlumeNet cannot (a NEEDS_EDIT error names the edit).
                AlsoSatisfiedBy = ["zookeeperConnect"],
            },
            Opt.List("kafka.topics", null, "Topics to read, comma-separated (this or kafka.topics.regex is needed)."),
            Opt.Str("kafka.topics.regex", null, "Regex of topics to read; wins over kafka.topics."),
            Opt.Str("kafka.consumer.group.id", "flume", "Consumer group."),
            Opt.Int("batchSize", "1000", "Most events per channel transaction."),
            Opt.Long("batchDurationMillis", "1000", "Longest wait before a partial batch is written, in milliseconds."),
            .. SharedOptions.PollableBackoff(),
            Opt.Bool("useFlumeEventFormat", "false", "Records are Avro-encoded Flume events (headers and body)."),
            Opt.Bool("setTopicHeader", "true", "Add the record's topic as a header."),
            Opt.Str("topicHeader", "topic", "Name of the topic header."),
            Opt.Prefix("header.", "header.<flume header> = <kafka header>: copy Kafka record headers into event headers."),
            Opt.Prefix("kafka.consumer.", "Passed to the Kafka consumer (e.g. kafka.consumer.security.protocol)."),
            .. SharedOptions.KafkaSecrets("kafka.consumer."),
            .. SharedOptions.KafkaUnsupported("kafka.consumer."),
            Opt.Str("topic", null, "Old name of kafka.topics.") with { DeprecatedBy = "use kafka.topics" },
            Opt.Str("groupId", null, "Old name of kafka.consumer.group.id.") with { DeprecatedBy = "use kafka.consumer.group.id" },
            Opt.Str("zookeeperConnect", null, "Old ZooKeeper address.") with
            {
                IgnoredBecause = "FlumeNet does not read the broker list from ZooKeeper: set kafka.bootstrap.servers",
            },
            Opt.Bool("migrateZookeeperOffsets", "true", "Copy offsets kept in ZooKeeper to Kafka.") with
            {
                IgnoredBecause = "not supported: FlumeNet does not read offsets from ZooKeeper (the group's Kafka offsets are used)",
            },
        ])
    {
        BatchSizeKey = "batchSize",
        SetsTimestamp = TimestampHeader.Always,
    };

    public static readonly ComponentSpec Jms = new(
        ComponentKind.Source,
        ["jms"],
        ["org.apache.flume.source.jms.JMSSource"],
        "Consumes a JMS queue or topic; not planned: needs a Java JMS provider client and JNDI.",
        [
            Opt.Str("initialContextFactory", null, "JNDI initial context factory class.") with { Required = true },
            Opt.Str("connectionFactory", "ConnectionFactory", "JNDI name of the connection factory."),
            Opt.Str("providerURL", null, "JMS provider URL.") with { Required = true },
            Opt.Str("destinationName", null, "Queue or topic name.") with { Required = true },
            Opt.Enum("destinationType", null, "Kind of destination.", "queue", "topic") with { Required = true },
            Opt.Enum("destinationLocator", "CDI", "How the destination is found.", "CDI", "JNDI"),
            Opt.Str("messageSelector", null, "JMS message selector."),
            Opt.Str("userName", null, "User name for the connection."),
            Opt.Path("passwordFile", null, "File holding the connection password."),
            Opt.Int("batchSize", "100", "Most messages per channel transaction.", min: 1),
            Opt.Int("errorThreshold", "10", "Consecutive errors before the connection is rebuilt."),
            Opt.Long("pollTimeout", "1000", "Milliseconds to wait for a message.", min: 0),
            Opt.Str("converter.type", "DEFAULT", "Class that turns a JMS message into an event."),
            Opt.Str("converter.charset", "UTF-8", "Character set of text messages."),
            Opt.Bool("createDurableSubscription", "false", "Use a durable topic subscription."),
            Opt.Str("clientId", null, "JMS client id (needed for durable subscriptions)."),
            Opt.Str("durableSubscriptionName", null, "Name of the durable subscription."),
            .. SharedOptions.PollableBackoff(),
        ])
    {
        Support = SupportLevel.NotPlanned,
        BatchSizeKey = "batchSize",
        SetsTimestamp = TimestampHeader.Maybe,
    };

    public static readonly ComponentSpec Twitter = new(
        ComponentKind.Source,
        [],
        ["org.apache.flume.source.twitter.TwitterSource"],
        "Reads the Twitter 1% sample stream; not planned: that streaming API has been shut down.",
        [
            Opt.Str("consumerKey", null, "OAuth consumer key.") with { Required = true },
            Opt.Secret("consumerSecret", "OAuth consumer secret.") with { Required = true },
            Opt.Secret("accessToken", "OAuth access token.") with { Required = true },
            Opt.Secret("accessTokenSecret", "OAuth access token secret.") with { Required = true },
            Opt.Int("maxBatchSize", "1000", "Most tweets per channel transaction."),
            Opt.Int("maxBatchDurationMillis", "1000", "Longest wait before a partial batch is written, in milliseconds."),
        ])
    {
        Support = SupportLevel.NotPlanned,
        BatchSizeKey = "maxBatchSize",
    };
}
