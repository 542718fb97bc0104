namespace FlumeNet.Agent.Core;

/// <summary>
/// A source the runner polls (seq, stress, LogHub): each <see cref="Process"/> call reads one batch and hands it to the
/// channel processor, acknowledging upstream only after the channels committed it.
/// </summary>
public interface IPollableSource : ILifecycleComponent
{
    TimeSpan BackoffSleepIncrement { get; }

    TimeSpan MaxBackoffSleep { get; }

    ProcessStatus Process();
}
