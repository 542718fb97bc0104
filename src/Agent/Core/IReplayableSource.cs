namespace FlumeNet.Agent.Core;

/// <summary>
/// A source whose upstream keeps what the source has not acknowledged (LogHub checkpoints, TAILDIR positions, spooled
/// files, Kafka offsets): events still in a non-durable channel when the agent stops are read again at the next start.
/// The shutdown report says so instead of calling them lost.
/// </summary>
public interface IReplayableSource
{
}
