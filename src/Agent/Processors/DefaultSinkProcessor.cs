using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Processors;

/// <summary>Flume's default processor: exactly one sink, called directly.</summary>
public sealed class DefaultSinkProcessor : ISinkProcessor
{
    private readonly ISink _sink;

    public DefaultSinkProcessor(string name, ISink sink)
    {
        Name = name;
        _sink = sink;
        Sinks = [sink];
    }

    public string Name { get; }

    public IReadOnlyList<ISink> Sinks { get; }

    public ProcessStatus Process() => _sink.Process();
}
