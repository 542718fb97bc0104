using FlumeNet.Agent.Registry.Specs;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry;

/// <summary>
/// Every component type this agent knows, as one explicit table (no assembly scanning). Types resolve as Flume resolves
/// them: an alias in any case (Flume's <c>Enum.valueOf(type.toUpperCase())</c>), or a Java class name; Flume's validation
/// also accepts a class name in the wrong case, which its class loader then fails on, so that match is reported apart.
/// </summary>
public sealed class ComponentRegistry : IComponentCatalog
{
    private readonly List<ComponentSpec> _all = [];
    private readonly Dictionary<string, ComponentSpec> _aliases = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ComponentSpec> _classes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ComponentSpec> _classesIgnoreCase = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<ComponentSpec, ComponentFactory> _factories = new(ReferenceEqualityComparer.Instance);

    /// <exception cref="ArgumentException">Two specs of one kind share an alias or class name, or a spec repeats an option key.</exception>
    public ComponentRegistry(IEnumerable<ComponentSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        foreach (var spec in specs)
        {
            Add(spec);
        }
    }

    private ComponentRegistry()
    {
    }

    /// <summary>The built-in components.</summary>
    public static ComponentRegistry Default { get; } = CreateDefault();

    /// <summary>
    /// The registry commands use: the built-ins, plus the plugins the command line loaded (<see cref="UsePlugins"/>).
    /// </summary>
    public static ComponentRegistry Current { get; private set; } = Default;

    public IReadOnlyList<ComponentSpec> All => _all;

    /// <summary>
    /// Makes <see cref="Current"/> the built-ins plus the plugins' components. A component whose class name a built-in
    /// or an earlier plugin already has is left out and reported.
    /// </summary>
    public static IReadOnlyList<Plugins.PluginProblem> UsePlugins(Plugins.PluginSet plugins)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        var problems = new List<Plugins.PluginProblem>(plugins.Problems);
        if (plugins.Components.Count == 0)
        {
            Current = Default;
            return problems;
        }
        var r = CreateDefault();
        foreach (var (spec, factory) in plugins.Components)
        {
            try
            {
                r.Add(spec, factory);
            }
            catch (ArgumentException ex)
            {
                problems.Add(new Plugins.PluginProblem(spec.Origin, spec.ClassNames[0], ex.Message));
            }
        }
        Current = r;
        return problems;
    }

    public TypeMatch? Resolve(ComponentKind kind, string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (_aliases.TryGetValue(Key(kind, type), out var spec))
        {
            return new TypeMatch(spec, TypeMatchKind.Alias);
        }
        if (_classes.TryGetValue(Key(kind, type), out spec))
        {
            return new TypeMatch(spec, TypeMatchKind.ClassName);
        }
        if (_classesIgnoreCase.TryGetValue(Key(kind, type), out spec))
        {
            return new TypeMatch(spec, TypeMatchKind.ClassNameWrongCase);
        }
        return null;
    }

    /// <summary>The factory of a runnable spec (as returned by <see cref="Resolve"/>), else null.</summary>
    public ComponentFactory? FactoryOf(ComponentSpec spec) => _factories.GetValueOrDefault(spec);

    /// <summary>All aliases and class names of a kind, in table order: the candidates for "did you mean" suggestions.</summary>
    public IEnumerable<string> NamesOf(ComponentKind kind)
    {
        foreach (var spec in _all)
        {
            if (spec.Kind != kind)
            {
                continue;
            }
            foreach (var alias in spec.Aliases)
            {
                yield return alias;
            }
            foreach (var className in spec.ClassNames)
            {
                yield return className;
            }
        }
    }

    private static ComponentRegistry CreateDefault()
    {
        var r = new ComponentRegistry();

        r.Add(SourceSpecs.Seq, RuntimeFactories.Seq);
        r.Add(SourceSpecs.Netcat, RuntimeFactories.Netcat);
        r.Add(SourceSpecs.NetcatUdp, RuntimeFactories.NetcatUdp);
        r.Add(SourceSpecs.Exec, RuntimeFactories.Exec);
        r.Add(RpcSourceSpecs.Avro, Sources.Avro.AvroSourceBinding.Factory);
        r.Add(RpcSourceSpecs.Thrift, Sources.Thrift.ThriftSourceBinding.Factory);
        r.Add(SyslogSourceSpecs.SyslogTcp, Sources.Syslog.SyslogSourceBinding.SyslogTcp);
        r.Add(SyslogSourceSpecs.MultiportSyslogTcp, Sources.Syslog.SyslogSourceBinding.MultiportSyslogTcp);
        r.Add(SyslogSourceSpecs.SyslogUdp, Sources.Syslog.SyslogSourceBinding.SyslogUdp);
        r.Add(FileSourceSpecs.SpoolDir, Sources.SpoolDir.SpoolDirSourceBinding.Factory);
        r.Add(RpcSourceSpecs.Http, Sources.Http.HttpSourceBinding.Factory);
        r.Add(MessagingSourceSpecs.Jms);
        r.Add(FileSourceSpecs.Taildir, Sources.Taildir.TaildirSourceBinding.Factory);
        r.Add(MessagingSourceSpecs.Kafka, Sources.Kafka.KafkaSourceBinding.Factory);
        r.Add(SourceSpecs.Stress, RuntimeFactories.Stress);
        r.Add(MessagingSourceSpecs.Twitter);
        r.Add(RpcSourceSpecs.Scribe);
        r.Add(LogHubSpecs.EmrSource, RuntimeFactories.EmrLogHub);
        r.Add(LogHubSpecs.AliyunSource, RuntimeFactories.AliyunLogHub);

        r.Add(ChannelSpecs.Memory, RuntimeFactories.Memory);
        r.Add(ChannelSpecs.File, Channels.Files.FileChannelBinding.Factory);
        r.Add(ChannelSpecs.SpillableMemory, Channels.Spillable.SpillableBinding.Factory);
        r.Add(ChannelSpecs.Jdbc);
        r.Add(ChannelSpecs.Kafka, Channels.Kafka.KafkaChannelBinding.Factory);
        r.Add(ChannelSpecs.PseudoTxnMemory);

        r.Add(SinkSpecs.Null, RuntimeFactories.Null);
        r.Add(SinkSpecs.Logger, RuntimeFactories.Logger);
        r.Add(SinkSpecs.FileRoll, RuntimeFactories.FileRoll);
        r.Add(SinkSpecs.Avro, Sinks.Avro.AvroSinkBinding.Factory);
        r.Add(SinkSpecs.Thrift, Sinks.Thrift.ThriftSinkBinding.Factory);
        r.Add(HdfsSinkSpec.Hdfs, RuntimeFactories.Hdfs);
        r.Add(StoreSinkSpecs.Hive);
        r.Add(SinkSpecs.Http, Sinks.Http.HttpSinkBinding.Factory);
        r.Add(HBaseSinkSpecs.HBase);
        r.Add(HBaseSinkSpecs.AsyncHBase);
        r.Add(HBaseSinkSpecs.HBase2);
        r.Add(SinkSpecs.Irc);
        r.Add(StoreSinkSpecs.MorphlineSolr);
        r.Add(StoreSinkSpecs.Elasticsearch);
        r.Add(StoreSinkSpecs.Kafka, Sinks.Kafka.KafkaSinkBinding.Factory);
        r.Add(StoreSinkSpecs.Kudu);
        r.Add(LogHubSpecs.AliyunSink, RuntimeFactories.LogHubSink);

        r.Add(SinkProcessorSpecs.Default, RuntimeFactories.DefaultProcessor);
        r.Add(SinkProcessorSpecs.Failover, RuntimeFactories.Failover);
        r.Add(SinkProcessorSpecs.LoadBalance, RuntimeFactories.LoadBalance);

        r.Add(ChannelSelectorSpecs.Replicating, RuntimeFactories.Replicating);
        r.Add(ChannelSelectorSpecs.Multiplexing, RuntimeFactories.Multiplexing);
        r.Add(ChannelSelectorSpecs.LoadBalancing);

        r.Add(InterceptorSpecs.Timestamp, RuntimeFactories.Timestamp);
        r.Add(InterceptorSpecs.Host, RuntimeFactories.Host);
        r.Add(InterceptorSpecs.Static, RuntimeFactories.Static);
        r.Add(InterceptorSpecs.RegexFilter, RuntimeFactories.RegexFilter);
        r.Add(InterceptorSpecs.RegexExtractor, RuntimeFactories.RegexExtractor);
        r.Add(InterceptorSpecs.RemoveHeader, RuntimeFactories.RemoveHeader);
        r.Add(InterceptorSpecs.SearchReplace, RuntimeFactories.SearchReplace);
        r.Add(InterceptorSpecs.Uuid, new ComponentFactory { Interceptor = Interceptors.UuidInterceptor.Create });
        r.Add(InterceptorSpecs.Morphline);
        r.Add(JsonInterceptorSpecs.Timestamp, new ComponentFactory { Interceptor = Interceptors.Json.JsonTimestampInterceptor.Create });
        r.Add(JsonInterceptorSpecs.Headers, new ComponentFactory { Interceptor = Interceptors.Json.JsonHeadersInterceptor.Create });
        r.Add(JsonInterceptorSpecs.Filter, new ComponentFactory { Interceptor = Interceptors.Json.JsonFilterInterceptor.Create });

        r.Add(SerializerSpecs.Text, RuntimeFactories.Text);
        r.Add(SerializerSpecs.HeaderAndText, RuntimeFactories.HeaderAndText);
        r.Add(SerializerSpecs.AvroEvent, RuntimeFactories.AvroEvent);
        r.Add(SerializerSpecs.HdfsAvro);

        r.Add(ConfigFilterSpecs.Env);
        r.Add(ConfigFilterSpecs.Hadoop);
        r.Add(ConfigFilterSpecs.External);

        return r;
    }

    private void Add(ComponentSpec spec, ComponentFactory? factory = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (factory is not null)
        {
            // Support follows from having a factory, so the two never disagree.
            spec = spec with { Support = SupportLevel.Runnable };
            _factories[spec] = factory;
        }
        if (spec.Aliases.Count == 0 && spec.ClassNames.Count == 0)
        {
            throw new ArgumentException($"a {spec.Kind} spec has neither alias nor class name", nameof(spec));
        }
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var option in spec.Options)
        {
            if (!keys.Add(option.Key))
            {
                throw new ArgumentException($"{spec.Kind} '{spec.DisplayName}' declares option '{option.Key}' twice", nameof(spec));
            }
        }
        foreach (var alias in spec.Aliases)
        {
            if (!_aliases.TryAdd(Key(spec.Kind, alias), spec))
            {
                throw new ArgumentException($"two {spec.Kind} specs share the alias '{alias}'", nameof(spec));
            }
        }
        foreach (var className in spec.ClassNames)
        {
            // Class names that differ only in case would make the wrong-case match ambiguous, so they count as equal.
            if (!_classesIgnoreCase.TryAdd(Key(spec.Kind, className), spec))
            {
                throw new ArgumentException($"two {spec.Kind} specs share the class name '{className}'", nameof(spec));
            }
            _classes.Add(Key(spec.Kind, className), spec);
        }
        _all.Add(spec);
    }

    // Kinds never share a table entry: 'avro' is both a source and a sink.
    private static string Key(ComponentKind kind, string name) => $"{(int)kind}:{name}";
}
