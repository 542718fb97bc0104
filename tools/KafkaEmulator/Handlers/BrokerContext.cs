using FlumeNet.Tools.KafkaEmulator.Faults;
using FlumeNet.Tools.KafkaEmulator.Groups;
using FlumeNet.Tools.KafkaEmulator.Sasl;
using FlumeNet.Tools.KafkaEmulator.Storage;

namespace FlumeNet.Tools.KafkaEmulator.Handlers;

/// <summary>What every handler needs: the broker's identity, its topics, groups and fault rules.</summary>
internal sealed class BrokerContext
{
    public BrokerContext(TopicStore topics, GroupCoordinator groups, FaultInjector faults)
    {
        Topics = topics;
        Groups = groups;
        Faults = faults;
    }

    public const int NodeId = 0;

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; }

    public string ClusterId { get; } = "flumenet-kafka-emulator";

    public TopicStore Topics { get; }

    public GroupCoordinator Groups { get; }

    public FaultInjector Faults { get; }

    /// <summary>SASL accounts; when there are any, every connection must authenticate first (a SASL_PLAINTEXT listener).</summary>
    public SaslUsers Sasl { get; init; } = new(new Dictionary<string, string>(), []);

    public Statistics Stats { get; } = new();
}

/// <summary>Counters shown by the control API.</summary>
internal sealed class Statistics
{
    private long _requests;
    private long _producedBatches;
    private long _producedRecords;
    private long _fetches;
    private long _connections;

    public long Requests => Interlocked.Read(ref _requests);

    public long ProducedBatches => Interlocked.Read(ref _producedBatches);

    public long ProducedRecords => Interlocked.Read(ref _producedRecords);

    public long Fetches => Interlocked.Read(ref _fetches);

    public long Connections => Interlocked.Read(ref _connections);

    public void Request() => Interlocked.Increment(ref _requests);

    public void Produced(int batches, long records)
    {
        Interlocked.Add(ref _producedBatches, batches);
        Interlocked.Add(ref _producedRecords, records);
    }

    public void Fetch() => Interlocked.Increment(ref _fetches);

    public void Connection() => Interlocked.Increment(ref _connections);
}
