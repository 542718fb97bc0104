using FlumeNet.Agent.LogHub;

namespace FlumeNet.Agent.Sources.LogHub;

/// <summary>A LogHub source's validated options, common to the EMR and the aliyun-log-flume key sets.</summary>
internal sealed record LogHubSourceOptions
{
    public required string Endpoint { get; init; }

    public required string Project { get; init; }

    public required string Logstore { get; init; }

    public required LogHubCredentials Credentials { get; init; }

    public required ConsumerGroupOptions ConsumerGroup { get; init; }

    public required ILogBodyFormat BodyFormat { get; init; }

    public bool UseRecordTime { get; init; }

    /// <summary>Most events per channel transaction (further capped by the channels' transactionCapacity).</summary>
    public int BatchSize { get; init; } = 1000;

    public string UserAgent { get; init; } = "flumenet";

    /// <summary>Deadline of one LogHub request, answer body included.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Which of endpoint, project, logstore, accessKeyId a config filter filled in: logs show them as ***.</summary>
    public LogHubHiddenParts Hidden { get; init; } = new();

    public string CredentialsDisplay => Hidden.AccessKeyId ? "AccessKeyId *** (secret ***)" : Credentials.ToString();
}
