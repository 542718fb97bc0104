using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Processors;
using FlumeNet.Agent.Selectors;
using FlumeNet.Agent.Serializers;
using FlumeNet.Agent.Sinks;
using FlumeNet.Agent.Sources;

namespace FlumeNet.Agent.Registry;

/// <summary>The factories of the runnable built-ins, referenced from the registry table (one line per component there).</summary>
internal static class RuntimeFactories
{
    public static readonly ComponentFactory Memory = new() { Channel = o => new MemoryChannel(o.Name, MemoryChannelBinding.Bind(o)) };

    public static readonly ComponentFactory Seq = new() { Source = SequenceGeneratorSource.Create };

    public static readonly ComponentFactory Netcat = new() { Source = NetcatSource.Create };

    public static readonly ComponentFactory Exec = new() { Source = ExecSource.Create };

    public static readonly ComponentFactory NetcatUdp = new() { Source = NetcatUdpSource.Create };

    public static readonly ComponentFactory Stress = new() { Source = StressSource.Create };

    public static readonly ComponentFactory EmrLogHub = new() { Source = Sources.LogHub.LogHubSourceBinding.CreateEmr };

    public static readonly ComponentFactory AliyunLogHub = new() { Source = Sources.LogHub.LogHubSourceBinding.CreateAliyun };

    public static readonly ComponentFactory Null = new() { Sink = NullSink.Create };

    public static readonly ComponentFactory Logger = new() { Sink = LoggerSink.Create };

    public static readonly ComponentFactory FileRoll = new() { Sink = RollingFileSinkBinding.Create };

    public static readonly ComponentFactory Hdfs = new() { Sink = Sinks.Hdfs.HdfsSinkBinding.Create };

    public static readonly ComponentFactory LogHubSink = new() { Sink = Sinks.LogHub.LogHubSinkBinding.Create };

    public static readonly ComponentFactory Timestamp = new() { Interceptor = Interceptors.TimestampInterceptor.Create };

    public static readonly ComponentFactory Host = new() { Interceptor = Interceptors.HostInterceptor.Create };

    public static readonly ComponentFactory Static = new() { Interceptor = Interceptors.StaticInterceptor.Create };

    public static readonly ComponentFactory RegexFilter = new() { Interceptor = Interceptors.RegexFilteringInterceptor.Create };

    public static readonly ComponentFactory RegexExtractor = new() { Interceptor = Interceptors.RegexExtractorInterceptor.Create };

    public static readonly ComponentFactory RemoveHeader = new() { Interceptor = Interceptors.RemoveHeaderInterceptor.Create };

    public static readonly ComponentFactory SearchReplace = new() { Interceptor = Interceptors.SearchAndReplaceInterceptor.Create };

    public static readonly ComponentFactory Replicating = new()
    {
        Selector = (o, channels) => new ReplicatingChannelSelector(channels, new HashSet<string>(NameListOf(o.GetString("optional")), StringComparer.Ordinal)),
    };

    public static readonly ComponentFactory Multiplexing = new() { Selector = MultiplexingBinding.Create };

    public static readonly ComponentFactory DefaultProcessor = new() { Processor = (o, name, sinks) => new DefaultSinkProcessor(name, sinks[0]) };

    public static readonly ComponentFactory Failover = new()
    {
        Processor = (o, name, sinks) =>
        {
            var priorities = o.Sub("priority.");
            // Flume walks a HashMap of the sinks, so ties and the -1, -2, … of sinks without a priority follow Java's
            // order; a sink whose priority is taken is left out (with an error at check).
            var ranked = FlumeNet.ConfigParser.Validation.SinkGroupChecker.FailoverRanking([.. sinks.Select(s => s.Name)], n => priorities.GetValueOrDefault(n))
                .Where(r => r.TakenBy is null)
                .Select(r => (sinks.First(s => s.Name == r.Sink), r.Priority))
                .ToList();
            return new FailoverSinkProcessor(name, ranked, o.GetLong("maxpenalty", 30000));
        },
    };

    public static readonly ComponentFactory LoadBalance = new()
    {
        Processor = (o, name, sinks) => new LoadBalancingSinkProcessor(name, sinks,
            string.Equals(o.GetString("selector"), "random", StringComparison.OrdinalIgnoreCase),
            o.GetBool("backoff", false), o.GetLong("selector.maxTimeOut", 30000)),
    };

    public static readonly ComponentFactory Text = new()
    {
        Serializer = o => stream => new BodyTextEventSerializer(stream, o.GetBool("appendNewline", true)),
    };

    public static readonly ComponentFactory HeaderAndText = new()
    {
        Serializer = o => stream => new HeaderAndBodyTextEventSerializer(stream, o.GetBool("appendNewline", true)),
    };

    public static readonly ComponentFactory AvroEvent = new() { Serializer = AvroEventSerializer.Create };

    public static IReadOnlyList<string> NameListOf(string? value) =>
        value is null ? [] : value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
