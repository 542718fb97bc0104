namespace FlumeNet.Agent.Core;

/// <summary>A channel whose committed events survive a restart (Flume's file channel): events left at stop are not lost.</summary>
public interface IDurableChannel
{
}
