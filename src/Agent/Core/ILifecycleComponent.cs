namespace FlumeNet.Agent.Core;

/// <summary>
/// A component with a lifecycle. <see cref="Start"/> acquires what the component needs (binds ports, opens files) and
/// throws when it cannot, naming the cause; <see cref="Stop"/> releases it and must not throw.
/// </summary>
public interface ILifecycleComponent
{
    string Name { get; }

    void Start();

    void Stop();
}
