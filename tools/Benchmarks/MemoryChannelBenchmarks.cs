using BenchmarkDotNet.Attributes;
using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;

namespace FlumeNet.Benchmarks;

/// <summary>
/// Memory channel put+take throughput: batches of 100 events of 256 bytes, one producer and one consumer thread, or both
/// on one thread; per-event Put/Take against the batch calls PutBatch/TakeBatch.
/// </summary>
[MemoryDiagnoser]
public class MemoryChannelBenchmarks
{
    private const int Events = 100_000;
    private const int Batch = 100;
    private FlumeEvent[] _events = [];

    [GlobalSetup]
    public void Setup()
    {
        _events = new FlumeEvent[Batch];
        for (var i = 0; i < Batch; i++)
        {
            _events[i] = new FlumeEvent(new byte[256]);
        }
    }

    private static MemoryChannel NewChannel() =>
        new("c1", new MemoryChannelOptions(10_000, Batch, TimeSpan.FromSeconds(3), long.MaxValue / 4));

    [Benchmark(OperationsPerInvoke = Events, Description = "put+take, 1 thread")]
    public void OneThread()
    {
        var channel = NewChannel();
        for (var n = 0; n < Events; n += Batch)
        {
            using (var put = channel.BeginTransaction())
            {
                foreach (var e in _events)
                {
                    put.Put(e);
                }
                put.Commit();
            }
            using var take = channel.BeginTransaction();
            for (var i = 0; i < Batch; i++)
            {
                take.Take();
            }
            take.Commit();
        }
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "put+take, 2 threads")]
    public void TwoThreads()
    {
        var channel = NewChannel();
        var producer = new Thread(() =>
        {
            for (var n = 0; n < Events; n += Batch)
            {
                using var put = channel.BeginTransaction();
                foreach (var e in _events)
                {
                    put.Put(e);
                }
                put.Commit();
            }
        });
        producer.Start();
        var taken = 0;
        while (taken < Events)
        {
            using var take = channel.BeginTransaction();
            for (var i = 0; i < Batch && take.Take() is not null; i++)
            {
                taken++;
            }
            take.Commit();
        }
        producer.Join();
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "PutBatch+TakeBatch, 2 threads")]
    public void TwoThreadsBatched()
    {
        var channel = NewChannel();
        var producer = new Thread(() =>
        {
            for (var n = 0; n < Events; n += Batch)
            {
                using var put = channel.BeginTransaction();
                put.PutBatch(_events);
                put.Commit();
            }
        });
        producer.Start();
        var taken = 0;
        var into = new List<FlumeEvent>(Batch);
        while (taken < Events)
        {
            using var take = channel.BeginTransaction();
            taken += take.TakeBatch(into, Batch);
            take.Commit();
            into.Clear();
        }
        producer.Join();
    }
}
