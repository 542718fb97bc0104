namespace FlumeNet.Agent.Sources;

/// <summary>
/// The stress source's validated options (reference §6.1). A negative limit means none; <see cref="MaxEventsPerSecond"/> 0 means unlimited.
/// </summary>
public sealed record StressSourceOptions(
    int Size = 500,
    long MaxTotalEvents = -1,
    long MaxSuccessfulEvents = -1,
    int BatchSize = 1,
    int MaxEventsPerSecond = 0,
    TimeSpan? BackoffSleepIncrement = null,
    TimeSpan? MaxBackoffSleep = null);
