namespace FlumeNet.Tools.KafkaEmulator.Protocol;

/// <summary>
/// The APIs this broker serves and the version ranges it advertises in ApiVersions. Only non-flexible versions (before
/// KIP-482 tagged fields) are offered, which librdkafka, kafkajs and kafka-python all accept, so one encoding per field.
/// </summary>
internal static class ApiKey
{
    public const short Produce = 0;
    public const short Fetch = 1;
    public const short ListOffsets = 2;
    public const short Metadata = 3;
    public const short OffsetCommit = 8;
    public const short OffsetFetch = 9;
    public const short FindCoordinator = 10;
    public const short JoinGroup = 11;
    public const short Heartbeat = 12;
    public const short LeaveGroup = 13;
    public const short SyncGroup = 14;
    public const short SaslHandshake = 17;
    public const short ApiVersions = 18;
    public const short CreateTopics = 19;
    public const short SaslAuthenticate = 36;

    public static readonly IReadOnlyList<(short Key, short Min, short Max)> Supported =
    [
        (Produce, 3, 7),
        (Fetch, 4, 11),
        (ListOffsets, 1, 5),
        (Metadata, 0, 6),
        (OffsetCommit, 2, 7),
        (OffsetFetch, 1, 5),
        (FindCoordinator, 0, 2),
        (JoinGroup, 0, 5),
        (Heartbeat, 0, 3),
        (LeaveGroup, 0, 3),
        (SyncGroup, 0, 3),
        // librdkafka wants v0 in the range to see the SASL feature, then uses v1 (tokens in SaslAuthenticate) since
        // SaslAuthenticate is offered; unframed v0 tokens are not served.
        (SaslHandshake, 0, 1),
        (ApiVersions, 0, 2),
        (CreateTopics, 0, 4),
        (SaslAuthenticate, 0, 1),
    ];

    public static bool IsSupported(short key, short version)
    {
        foreach (var (k, min, max) in Supported)
        {
            if (k == key)
            {
                return version >= min && version <= max;
            }
        }
        return false;
    }

    public static string Name(short key) => key switch
    {
        Produce => "Produce",
        Fetch => "Fetch",
        ListOffsets => "ListOffsets",
        Metadata => "Metadata",
        OffsetCommit => "OffsetCommit",
        OffsetFetch => "OffsetFetch",
        FindCoordinator => "FindCoordinator",
        JoinGroup => "JoinGroup",
        Heartbeat => "Heartbeat",
        LeaveGroup => "LeaveGroup",
        SyncGroup => "SyncGroup",
        ApiVersions => "ApiVersions",
        CreateTopics => "CreateTopics",
        SaslHandshake => "SaslHandshake",
        SaslAuthenticate => "SaslAuthenticate",
        _ => "Api" + key,
    };
}
