using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Processors;
using FlumeNet.Agent.Registry;
using FlumeNet.Agent.Runners;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Specs;
using NLog;

namespace FlumeNet.Agent.Hosting;

/// <summary>
/// Builds the live components of one validated agent (what <see cref="AgentConfig.Active"/> kept) through the registry's
/// factories, in Flume's order: channels, sinks, sink groups, sources. A component that is recognised but not runnable was
/// reported by validation and is skipped here, with whatever depends on it. Memory channels of the previous topology with
/// the same name are reused, keeping their events (Flume's reload semantics).
/// </summary>
public sealed class TopologyBuilder
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly ComponentRegistry _registry;

    public TopologyBuilder(ComponentRegistry registry) => _registry = registry;

    public Topology Build(AgentConfig agent, IReadOnlyDictionary<string, IChannel>? previousChannels = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var t = new Topology();
        BuildChannels(agent, t, previousChannels);
        var sinks = BuildSinks(agent, t);
        BuildSinkRunners(agent, t, sinks);
        BuildSources(agent, t);
        return t;
    }

    private (ComponentSpec Spec, ComponentFactory Factory)? Resolve(ComponentKind kind, string? type)
    {
        if (type is null || _registry.Resolve(kind, type) is not { How: not TypeMatchKind.ClassNameWrongCase } match)
        {
            return null;
        }
        return _registry.FactoryOf(match.Spec) is { } f ? (match.Spec, f) : null;
    }

    private void BuildChannels(AgentConfig agent, Topology t, IReadOnlyDictionary<string, IChannel>? previous)
    {
        foreach (var name in agent.Active[SectionKind.Channels])
        {
            var c = agent.Component(SectionKind.Channels, name)!;
            if (Resolve(ComponentKind.Channel, c.Type) is not var (spec, factory) || factory.Channel is null)
            {
                continue;
            }
            var options = new BoundOptions(name, c.Properties, spec);
            if (previous is not null && previous.TryGetValue(name, out var old) && old is MemoryChannel memory && spec.DisplayName == "memory"
                && memory.Reconfigure(MemoryChannelBinding.Bind(options)))
            {
                t.Channels[name] = memory;
                continue;
            }
            if (TryBuild(t, $"channel '{name}'", () => factory.Channel(options)) is { } channel)
            {
                t.Channels[name] = channel;
            }
        }
    }

    private Dictionary<string, ISink> BuildSinks(AgentConfig agent, Topology t)
    {
        var built = new Dictionary<string, ISink>(StringComparer.Ordinal);
        foreach (var name in agent.Active[SectionKind.Sinks])
        {
            var c = agent.Component(SectionKind.Sinks, name)!;
            if (Resolve(ComponentKind.Sink, c.Type) is not var (spec, factory) || factory.Sink is null
                || !t.Channels.TryGetValue(c.Get("channel")!, out var channel))
            {
                continue;
            }
            var options = new BoundOptions(name, c.Properties, spec) { Serializer = SerializerFor(c, spec) };
            if (TryBuild(t, $"sink '{name}'", () => factory.Sink(options, channel)) is { } sink)
            {
                built[name] = sink;
            }
        }
        return built;
    }

    // A factory that throws (a value validation cannot judge, e.g. a codec) drops that component, loudly.
    private static T? TryBuild<T>(Topology t, string what, Func<T> build)
        where T : class
    {
        try
        {
            return build();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NotSupportedException or IOException
            or Sinks.Hdfs.BucketPathException or FormatException)
        {
            var message = $"{what} cannot be built and is dropped: {ex.Message}";
            Log.Error(message);
            t.BuildErrors.Add(message);
            return null;
        }
    }

    private Func<Stream, Serializers.IEventSerializer>? SerializerFor(ComponentConfig c, ComponentSpec spec)
    {
        foreach (var slot in spec.Slots)
        {
            if (slot.Kind != ComponentKind.Serializer)
            {
                continue;
            }
            var type = c.Get(slot.TypeKey) ?? slot.DefaultType;
            if (Resolve(ComponentKind.Serializer, type) is var (sspec, factory) && factory.Serializer is not null)
            {
                return factory.Serializer(new BoundOptions(c.Name, [.. c.SubProperties(slot.Prefix)], sspec));
            }
        }
        return null;
    }

    private void BuildSinkRunners(AgentConfig agent, Topology t, Dictionary<string, ISink> sinks)
    {
        var grouped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var groupName in agent.Active[SectionKind.SinkGroups])
        {
            var g = agent.Component(SectionKind.SinkGroups, groupName)!;
            var members = agent.GroupSinks[groupName];
            grouped.UnionWith(members);
            var memberSinks = new List<ISink>();
            foreach (var m in members)
            {
                if (sinks.TryGetValue(m, out var s))
                {
                    memberSinks.Add(s);
                }
            }
            // A group without processor.type runs the documented default (Flume 1.11 fails on it; see differences-from-flume.md).
            if (memberSinks.Count != members.Count
                || Resolve(ComponentKind.SinkProcessor, g.Get("processor.type") ?? "default") is not var (spec, factory)
                || factory.Processor is null)
            {
                Log.Error("Sink group '{Group}' cannot run (see `flume-ng agent --check`); its sinks {Sinks} do not run", groupName, string.Join(", ", members));
                continue;
            }
            var processor = factory.Processor(new BoundOptions(groupName, [.. g.SubProperties("processor.")], spec), groupName, memberSinks);
            t.SinkRunners.Add(new SinkRunner(processor));
        }
        foreach (var (name, sink) in sinks)
        {
            if (!grouped.Contains(name))
            {
                t.SinkRunners.Add(new SinkRunner(new DefaultSinkProcessor(name, sink)));
            }
        }
    }

    private void BuildSources(AgentConfig agent, Topology t)
    {
        foreach (var name in agent.Active[SectionKind.Sources])
        {
            var c = agent.Component(SectionKind.Sources, name)!;
            if (Resolve(ComponentKind.Source, c.Type) is not var (spec, factory) || factory.Source is null)
            {
                continue;
            }
            var channels = new List<IChannel>();
            foreach (var ch in agent.SourceChannels[name])
            {
                if (t.Channels.TryGetValue(ch, out var channel))
                {
                    channels.Add(channel);
                }
            }
            if (channels.Count == 0)
            {
                continue;
            }
            // Interceptors and selectors can fail to build (a regex Java accepts and .NET does not): the source is dropped.
            var built = TryBuild(t, $"source '{name}'", () =>
            {
                var processor = BuildProcessor(c, channels) ?? throw new InvalidOperationException("its selector or an interceptor is not runnable");
                return Tuple.Create(processor, factory.Source(new BoundOptions(name, c.Properties, spec), processor));
            });
            if (built is { } b)
            {
                t.SourceProcessors[name] = b.Item1;
                t.Sources.Add(b.Item2);
            }
        }
    }

    private ChannelProcessor? BuildProcessor(ComponentConfig source, List<IChannel> channels)
    {
        if (Resolve(ComponentKind.ChannelSelector, source.Get("selector.type") ?? "replicating") is not var (sspec, sfactory) || sfactory.Selector is null)
        {
            return null;
        }
        var selector = sfactory.Selector(new BoundOptions(source.Name, [.. source.SubProperties("selector.")], sspec), channels);
        var interceptors = new List<IInterceptor>();
        foreach (var name in RuntimeFactories.NameListOf(source.Get("interceptors")))
        {
            var props = new List<ConfigProperty>(source.SubProperties($"interceptors.{name}."));
            var type = props.Find(p => p.Key == "type")?.Value;
            if (Resolve(ComponentKind.Interceptor, type) is not var (ispec, ifactory) || ifactory.Interceptor is null)
            {
                return null;
            }
            interceptors.Add(ifactory.Interceptor(new BoundOptions(name, props, ispec)));
        }
        return new ChannelProcessor(selector, interceptors);
    }
}
