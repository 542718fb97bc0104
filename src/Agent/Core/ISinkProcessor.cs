namespace FlumeNet.Agent.Core;

/// <summary>Drives one sink or a group of sinks from a single runner thread: which sink handles the next batch.</summary>
public interface ISinkProcessor
{
    /// <summary>The runner's name: the sink's name for a standalone sink, the group's for a group.</summary>
    string Name { get; }

    IReadOnlyList<ISink> Sinks { get; }

    /// <exception cref="EventDeliveryException">No sink could deliver; the batch stays in the channel.</exception>
    ProcessStatus Process();
}
