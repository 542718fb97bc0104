namespace FlumeNet.Agent.Monitoring;

/// <summary>A source that reports Flume's SourceCounter (every FlumeNet source does, unlike Flume's netcat and stress).</summary>
public interface IMeteredSource
{
    SourceCounter Counter { get; }
}

/// <summary>A sink that reports Flume's SinkCounter (every FlumeNet sink does, unlike Flume's logger and null).</summary>
public interface IMeteredSink
{
    SinkCounter Counter { get; }
}

/// <summary>
/// A source, sink or channel with counters of its own beyond Flume's base counter (Flume's KafkaSourceCounter and
/// the like); <see cref="MetricsSnapshot"/> shows them beside the base attributes.
/// </summary>
public interface IMeteredExtras
{
    IEnumerable<(string Name, long Value)> ExtraCounters { get; }
}

