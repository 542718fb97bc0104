namespace FlumeNet.Agent.Core;

/// <summary>A source that owns its threads (netcat, exec, syslog): Start binds and begins accepting, Stop drains and releases.</summary>
public interface IEventDrivenSource : ILifecycleComponent
{
}
