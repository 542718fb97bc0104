using Confluent.Kafka;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Sources.Kafka;

namespace FlumeNet.Agent.Tests.Sources.Kafka;

/// <summary>What the Kafka source may commit while its records sit in a memory channel: only what the sinks stored.</summary>
public sealed class KafkaDeliveryLedgerTests
{
    private static readonly TopicPartition P0 = new("t", 0);
    private static readonly TopicPartition P1 = new("t", 1);

    [Fact]
    public void ASinkBatchEndingInsideASourceBatch_CommitsItsStoredRecordsPerPartition()
    {
        var harness = new SourceHarness(capacity: 100, transactionCapacity: 100);
        var ledger = new KafkaDeliveryLedger();
        // One source batch of 6: p0@10, p1@20, p0@11, p1@21, p0@12, p1@22.
        Put(harness, ledger, [(P0, 10), (P1, 20), (P0, 11), (P1, 21), (P0, 12), (P1, 22)]);
        Assert.Equal(6, ledger.Undelivered);
        Assert.Empty(Collect(ledger));
        Take(harness, 3, commit: false); // taken, not stored yet: nothing to commit
        Assert.Empty(Collect(ledger));
        Take(harness, 3, commit: true); // the sink stored the first 3
        Assert.Equal(new Dictionary<TopicPartition, long> { [P0] = 12, [P1] = 21 }, Collect(ledger));
        Assert.Equal(3, ledger.Undelivered);
        Take(harness, 3, commit: true);
        Assert.Equal(new Dictionary<TopicPartition, long> { [P0] = 13, [P1] = 23 }, Collect(ledger));
        Assert.Equal(0, ledger.Undelivered);
        Assert.True(ledger.IsEmpty);
    }

    [Fact]
    public void ALaterBatchIsNotCommittedBeforeAnEarlierOne_AndOtherSourcesPutsNeverCountAsOurs()
    {
        var harness = new SourceHarness(capacity: 100, transactionCapacity: 100);
        var ledger = new KafkaDeliveryLedger();
        Put(harness, ledger, [(P0, 1), (P0, 2)]);
        // Another source's event lands between the two batches.
        using (var tx = harness.Channel.BeginTransaction())
        {
            tx.Put(new FlumeEvent([1]));
            tx.Commit();
        }
        Put(harness, ledger, [(P1, 7)]);
        Take(harness, 1, commit: true);
        Assert.Equal(new Dictionary<TopicPartition, long> { [P0] = 2 }, Collect(ledger));
        Take(harness, 2, commit: true); // p0@2 and the other source's event
        Assert.Equal(new Dictionary<TopicPartition, long> { [P0] = 3 }, Collect(ledger));
        Take(harness, 1, commit: true);
        Assert.Equal(new Dictionary<TopicPartition, long> { [P1] = 8 }, Collect(ledger));
    }

    [Fact]
    public void ARevokedPartition_IsNoLongerHandedOut_ButStillCountsAsUndelivered()
    {
        var harness = new SourceHarness(capacity: 100, transactionCapacity: 100);
        var ledger = new KafkaDeliveryLedger();
        Put(harness, ledger, [(P0, 1), (P1, 5)]);
        Assert.True(ledger.Waits([P1]));
        ledger.Revoke([P1]);
        Assert.False(ledger.Waits([P1]));
        Assert.True(ledger.Waits([P0]));
        Assert.Equal(2, ledger.Undelivered);
        Take(harness, 2, commit: true);
        Assert.Equal(new Dictionary<TopicPartition, long> { [P0] = 2 }, Collect(ledger));
        Assert.Equal(0, ledger.Undelivered);
    }

    [Fact]
    public void SkippedRecords_MoveTheOffsetOnlyOnceTheSegmentIsStored()
    {
        var harness = new SourceHarness(capacity: 100, transactionCapacity: 100);
        var ledger = new KafkaDeliveryLedger();
        var events = new List<FlumeEvent> { new([1]) };
        harness.Processor.ProcessBatch(events);
        ledger.Add(harness.Processor, events, [new TopicPartitionOffset(P0, 3)], 1, [new TopicPartitionOffset(P0, 4)]);
        Assert.Empty(Collect(ledger));
        Take(harness, 1, commit: true);
        Assert.Equal(new Dictionary<TopicPartition, long> { [P0] = 5 }, Collect(ledger));
    }

    private static void Put(SourceHarness harness, KafkaDeliveryLedger ledger, (TopicPartition Tp, long Offset)[] records)
    {
        var events = records.Select(r => new FlumeEvent([(byte)r.Offset])).ToList();
        harness.Processor.ProcessBatch(events);
        ledger.Add(harness.Processor, events, records.Select(r => new TopicPartitionOffset(r.Tp, r.Offset)).ToList(), records.Length, []);
    }

    private static void Take(SourceHarness harness, int count, bool commit)
    {
        var tx = harness.Channel.BeginTransaction();
        for (var i = 0; i < count; i++)
        {
            Assert.NotNull(tx.Take());
        }
        if (commit)
        {
            tx.Commit();
        }
        else
        {
            tx.Rollback();
        }
        tx.Dispose();
    }

    private static Dictionary<TopicPartition, long> Collect(KafkaDeliveryLedger ledger)
    {
        var stored = new Dictionary<TopicPartition, long>();
        ledger.Collect((tp, next) => stored[tp] = next);
        return stored;
    }
}
