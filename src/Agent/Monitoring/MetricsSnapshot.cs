using System.Globalization;
using System.Text;
using System.Text.Json;
using FlumeNet.Agent.Hosting;

namespace FlumeNet.Agent.Monitoring;

/// <summary>
/// Renders every component's counters in Flume's <c>/metrics</c> shape (reference §7.2):
/// <c>{"SOURCE.r1": {"EventReceivedCount": "10", …}, "CHANNEL.c1": {…}, "SINK.k1": {…}}</c>, all values strings; and the
/// same numbers as Prometheus text.
/// </summary>
public static class MetricsSnapshot
{
    public static IReadOnlyList<(string Key, List<(string Name, string Value)> Attributes)> Collect(Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var result = new List<(string, List<(string, string)>)>();
        foreach (var s in topology.Sources)
        {
            if (s is IMeteredSource { Counter: var c })
            {
                result.Add(($"SOURCE.{s.Name}", With([
                    ("AppendAcceptedCount", N(c.AppendAcceptedCount)), ("AppendBatchAcceptedCount", N(c.AppendBatchAcceptedCount)),
                    ("AppendBatchReceivedCount", N(c.AppendBatchReceivedCount)), ("AppendReceivedCount", N(c.AppendReceivedCount)),
                    ("ChannelWriteFail", N(c.ChannelWriteFail)), ("EventAcceptedCount", N(c.EventAcceptedCount)),
                    ("EventReadFail", N(c.EventReadFail)), ("EventReceivedCount", N(c.EventReceivedCount)),
                    ("GenericProcessingFail", N(c.GenericProcessingFail)), ("OpenConnectionCount", N(c.OpenConnectionCount)),
                    ("StartTime", N(c.StartTime)), ("StopTime", N(c.StopTime)), ("Type", "SOURCE")], s)));
            }
        }
        foreach (var (name, ch) in topology.Channels)
        {
            var c = ch.Counter;
            result.Add(($"CHANNEL.{name}", With([
                ("ChannelCapacity", N(c.Capacity)), ("ChannelFillPercentage", c.ChannelFillPercentage.ToString("0.0###", CultureInfo.InvariantCulture)),
                ("ChannelSize", N(c.ChannelSize)), ("EventPutAttemptCount", N(c.EventPutAttemptCount)),
                ("EventPutSuccessCount", N(c.EventPutSuccessCount)), ("EventTakeAttemptCount", N(c.EventTakeAttemptCount)),
                ("EventTakeSuccessCount", N(c.EventTakeSuccessCount)), ("StartTime", N(c.StartTime)), ("StopTime", N(c.StopTime)),
                ("Type", "CHANNEL")], ch)));
        }
        foreach (var s in topology.Sinks)
        {
            if (s is IMeteredSink { Counter: var c })
            {
                result.Add(($"SINK.{s.Name}", With([
                    ("BatchCompleteCount", N(c.BatchCompleteCount)), ("BatchEmptyCount", N(c.BatchEmptyCount)),
                    ("BatchUnderflowCount", N(c.BatchUnderflowCount)), ("ChannelReadFail", N(c.ChannelReadFail)),
                    ("ConnectionClosedCount", N(c.ConnectionClosedCount)), ("ConnectionCreatedCount", N(c.ConnectionCreatedCount)),
                    ("ConnectionFailedCount", N(c.ConnectionFailedCount)), ("EventDrainAttemptCount", N(c.EventDrainAttemptCount)),
                    ("EventDrainSuccessCount", N(c.EventDrainSuccessCount)), ("EventWriteFail", N(c.EventWriteFail)),
                    ("StartTime", N(c.StartTime)), ("StopTime", N(c.StopTime)), ("Type", "SINK")], s)));
            }
        }
        return result;
    }

    /// <summary>The base attributes plus the component's own counters (<see cref="IMeteredExtras"/>), in name order.</summary>
    private static List<(string, string)> With(List<(string Name, string Value)> attributes, object component)
    {
        if (component is IMeteredExtras extras)
        {
            foreach (var (name, value) in extras.ExtraCounters)
            {
                attributes.Add((name, N(value)));
            }
            attributes.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        }
        return attributes;
    }

    public static string ToJson(Topology topology)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            foreach (var (key, attributes) in Collect(topology))
            {
                json.WriteStartObject(key);
                foreach (var (name, value) in attributes)
                {
                    json.WriteString(name, value);
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Prometheus text format: <c>flume_source_eventreceivedcount{component="r1"} 10</c>.</summary>
    public static string ToPrometheus(Topology topology)
    {
        var sb = new StringBuilder();
        foreach (var (key, attributes) in Collect(topology))
        {
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            var type = key[..dot].ToLowerInvariant();
            var name = key[(dot + 1)..].Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
            foreach (var (attr, value) in attributes)
            {
                if (attr == "Type")
                {
                    continue;
                }
                sb.Append("flume_").Append(type).Append('_').Append(attr.ToLowerInvariant())
                  .Append("{component=\"").Append(name).Append("\"} ").Append(value).Append('\n');
            }
        }
        return sb.ToString();
    }

    private static string N(long v) => v.ToString(CultureInfo.InvariantCulture);
}
