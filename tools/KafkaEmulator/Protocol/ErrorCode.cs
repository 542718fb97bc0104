namespace FlumeNet.Tools.KafkaEmulator.Protocol;

/// <summary>The Kafka error codes this broker returns (values from the protocol guide's error table).</summary>
internal static class ErrorCode
{
    public const short None = 0;
    public const short OffsetOutOfRange = 1;
    public const short CorruptMessage = 2;
    public const short UnknownTopicOrPartition = 3;
    public const short LeaderNotAvailable = 5;
    public const short NotLeaderOrFollower = 6;
    public const short RequestTimedOut = 7;
    public const short CoordinatorNotAvailable = 15;
    public const short NotCoordinator = 16;
    public const short InvalidTopic = 17;
    public const short IllegalGeneration = 22;
    public const short InconsistentGroupProtocol = 23;
    public const short UnknownMemberId = 25;
    public const short InvalidSessionTimeout = 26;
    public const short RebalanceInProgress = 27;
    public const short UnsupportedSaslMechanism = 33;
    public const short IllegalSaslState = 34;
    public const short UnsupportedVersion = 35;
    public const short TopicAlreadyExists = 36;
    public const short InvalidPartitions = 37;
    public const short InvalidRequest = 42;
    public const short UnsupportedForMessageFormat = 43;
    public const short SaslAuthenticationFailed = 58;
    public const short GroupIdNotFound = 69;

    /// <summary>Names accepted by the fault API, so a test can say "leader-not-available" instead of 5.</summary>
    public static short Parse(string name) => name.ToLowerInvariant() switch
    {
        "leader-not-available" or "leader_not_available" => LeaderNotAvailable,
        "not-leader" or "not_leader_or_follower" => NotLeaderOrFollower,
        "request-timed-out" or "request_timed_out" => RequestTimedOut,
        "coordinator-not-available" => CoordinatorNotAvailable,
        "not-coordinator" => NotCoordinator,
        "unknown-topic" or "unknown_topic_or_partition" => UnknownTopicOrPartition,
        "rebalance-in-progress" => RebalanceInProgress,
        "corrupt-message" => CorruptMessage,
        _ => short.TryParse(name, out var code) ? code : throw new ArgumentException($"unknown error name '{name}'"),
    };
}
