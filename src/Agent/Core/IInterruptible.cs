namespace FlumeNet.Agent.Core;

/// <summary>
/// A sink or pollable source whose <c>Process</c> may block for long on its peer (network retries, a full channel).
/// The runner calls <see cref="Interrupt"/> from another thread when its drain limit has passed: the call in progress
/// must then end soon (rolling back; it may throw), and later calls should not start new waits. <c>Stop</c> follows.
/// Components without it are told to stop with <c>Stop</c> instead, from the runner's stopping thread.
/// </summary>
public interface IInterruptible
{
    void Interrupt();
}
