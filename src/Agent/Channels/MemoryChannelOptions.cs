namespace FlumeNet.Agent.Channels;

/// <summary>
/// The memory channel's options, already validated (reference §6.2, §8.3). <see cref="ByteCapacity"/> null means Flume's
/// default, 80 % of the memory available to the process.
/// </summary>
public sealed record MemoryChannelOptions(
    int Capacity = 100,
    int TransactionCapacity = 100,
    TimeSpan? KeepAlive = null,
    long? ByteCapacity = null,
    int ByteCapacityBufferPercentage = 20)
{
    public TimeSpan EffectiveKeepAlive => KeepAlive ?? TimeSpan.FromSeconds(3);

    /// <summary>Byte capacity in 100-byte slots, as Flume counts it: int(byteCapacity × (1 − buffer%) / 100), at least 1 else unlimited.</summary>
    public long ByteSlots
    {
        get
        {
            var bytes = ByteCapacity ?? (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 0.8);
            var slots = (long)(bytes * (1 - ByteCapacityBufferPercentage / 100.0) / MemoryChannel.SlotSize);
            return slots < 1 ? int.MaxValue : slots;
        }
    }
}

/// <summary>Builds the memory channel's options from its validated properties, falling back as Flume does.</summary>
public static class MemoryChannelBinding
{
    public static MemoryChannelOptions Bind(Binding.BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        // Flume's MemoryChannel.configure replaces a bad or non-positive number with its default.
        static int Positive(int v, int fallback) => v > 0 ? v : fallback;
        var byteCapacity = o.Raw("byteCapacity") is { } b && long.TryParse(b.Trim(), out var bytes) && bytes >= 0 ? bytes : (long?)null;
        return new MemoryChannelOptions(
            Positive(o.GetInt("capacity", 100), 100),
            Positive(o.GetInt("transactionCapacity", 100), 100),
            TimeSpan.FromSeconds(Math.Max(0, o.GetInt("keep-alive", 3))),
            byteCapacity == 0 ? long.MaxValue / 2 : byteCapacity,
            Math.Clamp(o.GetInt("byteCapacityBufferPercentage", 20), 0, 100));
    }
}
