using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Serializers;

namespace FlumeNet.Agent.Registry;

/// <summary>
/// How the registry builds a runnable component from its validated options; the member that matches the spec's kind is
/// set. A spec registered with a factory is <c>Runnable</c>; without one it is recognised only.
/// </summary>
public sealed record ComponentFactory
{
    public Func<BoundOptions, IChannel>? Channel { get; init; }

    /// <summary>Returns an <see cref="IEventDrivenSource"/> or an <see cref="IPollableSource"/>.</summary>
    public Func<BoundOptions, ChannelProcessor, ILifecycleComponent>? Source { get; init; }

    public Func<BoundOptions, IChannel, ISink>? Sink { get; init; }

    public Func<BoundOptions, IInterceptor>? Interceptor { get; init; }

    public Func<BoundOptions, IReadOnlyList<IChannel>, IChannelSelector>? Selector { get; init; }

    /// <summary>Builds a group's processor from its options (prefix <c>processor.</c> stripped), the group name and its sinks in list order.</summary>
    public Func<BoundOptions, string, IReadOnlyList<ISink>, ISinkProcessor>? Processor { get; init; }

    /// <summary>Builds a serializer factory for one output stream.</summary>
    public Func<BoundOptions, Func<Stream, IEventSerializer>>? Serializer { get; init; }
}
