using System.Diagnostics;
using System.Text;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Selectors;
using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Tests.Sources;

/// <summary>A real memory channel behind a replicating selector, as a source's destination, with polling helpers.</summary>
internal sealed class SourceHarness
{
    /// <summary>Only to avoid hanging: no test depends on anything finishing within it.</summary>
    public static readonly TimeSpan Patience = Support.Poll.Patience;

    private readonly List<FlumeEvent> _received = [];

    public SourceHarness(int capacity = 1000, int transactionCapacity = 100, TimeSpan? keepAlive = null)
    {
        Channel = new MemoryChannel("c1", new MemoryChannelOptions(capacity, transactionCapacity, keepAlive ?? TimeSpan.FromMilliseconds(20)));
        Processor = new ChannelProcessor(new ReplicatingChannelSelector([Channel], new HashSet<string>()), []);
    }

    public MemoryChannel Channel { get; }

    public ChannelProcessor Processor { get; }

    /// <summary>Every event taken from the channel so far, in order.</summary>
    public IReadOnlyList<FlumeEvent> Received => _received;

    public static BoundOptions Options(ComponentSpec spec, params (string Key, string Value)[] props)
    {
        var list = new List<ConfigProperty>();
        foreach (var (key, value) in props)
        {
            list.Add(new ConfigProperty(key, value, "a1.sources.r1." + key, SourceLocation.None));
        }
        return new BoundOptions("r1", list, spec);
    }

    public static string Text(FlumeEvent e) => Encoding.UTF8.GetString(e.Body);

    /// <summary>Takes what the channel holds now (up to one transaction) into <see cref="Received"/>; returns how many.</summary>
    public int Drain()
    {
        var n = 0;
        using var tx = Channel.BeginTransaction();
        while (n < Channel.Options.TransactionCapacity && Channel.Count > 0 && tx.Take() is { } e)
        {
            _received.Add(e);
            n++;
        }
        tx.Commit();
        return n;
    }

    /// <summary>Drains until <see cref="Received"/> holds at least <paramref name="count"/> events; fails after <see cref="Patience"/>.</summary>
    public List<string> WaitFor(int count)
    {
        var watch = Stopwatch.StartNew();
        while (_received.Count < count)
        {
            if (Drain() == 0)
            {
                Assert.True(watch.Elapsed < Patience, $"only {_received.Count} of {count} events arrived");
                Thread.Sleep(20);
            }
        }
        return Texts();
    }

    public List<string> Texts()
    {
        var texts = new List<string>(_received.Count);
        foreach (var e in _received)
        {
            texts.Add(Text(e));
        }
        return texts;
    }

    /// <summary>Polls a condition; fails with <paramref name="what"/> after <see cref="Patience"/>.</summary>
    public static void WaitUntil(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < Patience, $"timed out waiting for {what}");
            Thread.Sleep(20);
        }
    }
}
