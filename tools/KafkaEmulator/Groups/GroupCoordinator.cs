using System.Collections.Concurrent;

namespace FlumeNet.Tools.KafkaEmulator.Groups;

/// <summary>All consumer groups; a timer drives session timeouts and overdue rebalances.</summary>
internal sealed class GroupCoordinator : IDisposable
{
    private readonly ConcurrentDictionary<string, ConsumerGroup> _groups = new(StringComparer.Ordinal);
    private readonly Timer _timer;

    public GroupCoordinator()
    {
        _timer = new Timer(_ => Tick(), null, 100, 100);
    }

    public IEnumerable<ConsumerGroup> Groups => _groups.Values.OrderBy(g => g.Id, StringComparer.Ordinal);

    public ConsumerGroup Get(string id) => _groups.GetOrAdd(id, static i => new ConsumerGroup(i));

    public ConsumerGroup? Find(string id) => _groups.TryGetValue(id, out var g) ? g : null;

    public void Dispose() => _timer.Dispose();

    private void Tick()
    {
        var now = DateTime.UtcNow;
        foreach (var g in _groups.Values)
        {
            g.Tick(now);
        }
    }
}
