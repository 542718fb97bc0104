using FlumeNet.Agent.LogHub;

namespace FlumeNet.Agent.Sinks.LogHub;

internal sealed record LogHubSinkOptions
{
    public required string Endpoint { get; init; }

    public required string Project { get; init; }

    public required string Logstore { get; init; }

    public required LogHubCredentials Credentials { get; init; }

    public required IEventLogSerializer Serializer { get; init; }

    public int BatchSize { get; init; } = 1000;

    public long BufferBytes { get; init; } = 2 * 1024 * 1024;

    public int MaxRetry { get; init; } = 16;

    public int Concurrency { get; init; } = Environment.ProcessorCount;

    public string UserAgent { get; init; } = "flumenet";

    /// <summary>LogGroup.Source: this host's address, as the plug-in sets it.</summary>
    public string SourceAddress { get; init; } = "";

    /// <summary>Deadline of one PutLogs request, answer included.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Connection values a config filter filled in: logs show them as ***.</summary>
    public LogHubHiddenParts Hidden { get; init; } = new();
}
