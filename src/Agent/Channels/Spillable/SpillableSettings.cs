using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Channels.Files;
using FlumeNet.Agent.Registry;

namespace FlumeNet.Agent.Channels.Spillable;

/// <summary>The spillable memory channel's options with Flume's fallbacks (reference §5.8).</summary>
public sealed record SpillableSettings
{
    public int MemoryCapacity { get; init; } = 10_000;

    /// <summary>0 = no overflow: a batch that does not fit in memory fails with ChannelFullException.</summary>
    public int OverflowCapacity { get; init; } = 100_000_000;

    /// <summary>Wait for memory room before spilling; also the take wait on an empty channel and the retry delay of a full overflow.</summary>
    public TimeSpan OverflowTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public int OverflowDeactivationThreshold { get; init; } = 5;

    /// <summary>Memory room in avgEventSize-byte slots.</summary>
    public long ByteSlots { get; init; } = int.MaxValue;

    public int AvgEventSize { get; init; } = 500;

    /// <summary>The embedded file channel (keep-alive 0, capacity = overflowCapacity or Flume's default when 0).</summary>
    public required FileChannelSettings Overflow { get; init; }
}

public static class SpillableBinding
{
    public static readonly ComponentFactory Factory = new() { Channel = o => new SpillableMemoryChannel(o.Name, Bind(o)) };

    public static SpillableSettings Bind(BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var memory = o.GetInt("memoryCapacity", 10_000);
        memory = memory < 0 ? 10_000 : memory;
        var overflow = o.GetInt("overflowCapacity", 100_000_000);
        overflow = overflow < 0 ? 100_000_000 : overflow;
        if (memory == 0 && overflow == 0)
        {
            overflow = 100_000_000;
        }
        var avg = o.GetInt("avgEventSize", 500);
        avg = avg > 0 ? avg : 500;
        var pct = Math.Clamp(o.GetInt("byteCapacityBufferPercentage", 20), 0, 100);
        var bytes = o.Raw("byteCapacity") is { } b && long.TryParse(b.Trim(), out var v) && v >= 0
            ? v
            : (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 0.8);
        var slots = (long)(bytes * (1 - pct / 100.0) / avg);
        var timeout = o.GetInt("overflowTimeout", 3);
        return new SpillableSettings
        {
            MemoryCapacity = memory,
            OverflowCapacity = overflow,
            OverflowTimeout = TimeSpan.FromSeconds(Math.Max(0, timeout)),
            OverflowDeactivationThreshold = Math.Clamp(o.GetInt("overflowDeactivationThreshold", 5), 0, 100),
            ByteSlots = slots < 1 ? int.MaxValue : slots,
            AvgEventSize = avg,
            Overflow = FileChannelBinding.BindQueue(o, overflow > 0 ? overflow : 1_000_000) with { KeepAlive = TimeSpan.Zero },
        };
    }
}
