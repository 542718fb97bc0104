namespace FlumeNet.Agent.Core;

/// <summary>
/// A sink: one <see cref="Process"/> call takes up to one batch from its channel in one transaction, delivers it, and
/// commits only after the destination has durably accepted it; on failure it rolls back and throws, so the batch is
/// retried. Called from a single runner thread.
/// </summary>
public interface ISink : ILifecycleComponent
{
    IChannel Channel { get; }

    /// <summary>Delivers one batch. Returns <see cref="ProcessStatus.Backoff"/> when the channel was empty.</summary>
    /// <exception cref="EventDeliveryException">The batch was rolled back.</exception>
    ProcessStatus Process();
}
