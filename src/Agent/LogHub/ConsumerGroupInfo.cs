namespace FlumeNet.Agent.LogHub;

/// <summary>A consumer group as ListConsumerGroup shows it.</summary>
public sealed record ConsumerGroupInfo(string Name, int TimeoutSeconds, bool InOrder);

/// <summary>What joining did to the group.</summary>
public enum ConsumerGroupChange
{
    /// <summary>The group did not exist and was created.</summary>
    Created,

    /// <summary>The group existed with the same timeout and order: nothing was sent.</summary>
    Unchanged,

    /// <summary>The group existed with another timeout or order and was updated.</summary>
    Updated,

    /// <summary>The group existed with another timeout or order; the update was refused (e.g. not in the RAM policy), the group is used as it is.</summary>
    UpdateRefused,
}

/// <summary>The outcome of <see cref="LogHubClient.EnsureConsumerGroupAsync"/>; <see cref="Refusal"/> says why an update was refused.</summary>
public sealed record ConsumerGroupSetup(ConsumerGroupChange Change, LogHubException? Refusal)
{
    public ConsumerGroupInfo? Existing { get; init; }
}
