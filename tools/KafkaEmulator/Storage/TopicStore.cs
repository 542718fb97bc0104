using System.Collections.Concurrent;

namespace FlumeNet.Tools.KafkaEmulator.Storage;

/// <summary>All topics of the broker; topics are created on demand (auto creation) with the default partition count.</summary>
internal sealed class TopicStore
{
    private readonly ConcurrentDictionary<string, PartitionLog[]> _topics = new(StringComparer.Ordinal);

    public TopicStore(int defaultPartitions, bool autoCreate)
    {
        DefaultPartitions = defaultPartitions;
        AutoCreate = autoCreate;
    }

    public int DefaultPartitions { get; }

    public bool AutoCreate { get; }

    public IEnumerable<string> Names => _topics.Keys.OrderBy(n => n, StringComparer.Ordinal);

    public PartitionLog[]? Find(string topic) => _topics.TryGetValue(topic, out var p) ? p : null;

    public PartitionLog? Find(string topic, int partition)
    {
        var parts = Find(topic);
        return parts is not null && partition >= 0 && partition < parts.Length ? parts[partition] : null;
    }

    /// <summary>Creates the topic; false when it already exists.</summary>
    public bool Create(string topic, int partitions)
    {
        var logs = new PartitionLog[partitions];
        for (var i = 0; i < partitions; i++)
        {
            logs[i] = new PartitionLog(topic, i);
        }
        return _topics.TryAdd(topic, logs);
    }

    /// <summary>The topic, auto-created when allowed and the name is valid.</summary>
    public PartitionLog[]? FindOrCreate(string topic, bool allowCreate)
    {
        var existing = Find(topic);
        if (existing is not null || !allowCreate || !AutoCreate || !IsValidName(topic))
        {
            return existing;
        }
        Create(topic, DefaultPartitions);
        return Find(topic);
    }

    public static bool IsValidName(string topic)
    {
        if (topic.Length == 0 || topic.Length > 249 || topic is "." or "..")
        {
            return false;
        }
        foreach (var c in topic)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }
        return true;
    }
}
