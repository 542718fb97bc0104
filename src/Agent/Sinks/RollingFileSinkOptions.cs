using FlumeNet.Agent.Serializers;

namespace FlumeNet.Agent.Sinks;

/// <summary>The file_roll sink's validated options (reference §6.3).</summary>
public sealed record RollingFileSinkOptions(
    string Directory,
    TimeSpan RollInterval,
    int BatchSize,
    bool RollTimePathManager,
    string Prefix,
    string Extension,
    Func<Stream, IEventSerializer> Serializer);
