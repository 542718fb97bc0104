namespace FlumeNet.Agent.LogHub;

/// <summary>
/// How many log groups a shard's next PullLogs asks for: PullLogs can only limit log groups, so the count follows
/// the bytes per log group the service reported for the shard's recent pulls (before any SPL filter), to keep one
/// pull near <see cref="ConsumerGroupOptions.MaxPullBytes"/>. Big pulls cost more CPU per byte than small ones: their
/// buffers no longer fit the CPU caches and land in the large-object heap. Not thread-safe (one per shard loop).
/// </summary>
internal sealed class PullSizer
{
    /// <summary>Log groups asked for while the shard's group size is unknown (a LogGroup may hold megabytes).</summary>
    internal const int FirstCount = 10;
    private readonly int _maxCount;
    private readonly long _maxBytes;
    private double _bytesPerGroup;

    public PullSizer(int maxCount, long maxBytes)
    {
        _maxCount = Math.Max(1, maxCount);
        _maxBytes = Math.Max(1, maxBytes);
        Count = Math.Min(_maxCount, FirstCount);
    }

    /// <summary>Log groups to ask for in the next pull (1 to the configured count).</summary>
    public int Count { get; private set; }

    /// <summary>Learns from a pull that asked for <paramref name="asked"/> log groups.</summary>
    /// <returns>
    /// True when the pull read all it asked for (more is likely waiting, so the next pull follows at once); false
    /// when the service had fewer. A count the service did not send counts as full.
    /// </returns>
    public bool Observe(int asked, PulledLogs pulled, bool cursorMoved)
    {
        ArgumentNullException.ThrowIfNull(pulled);
        var read = pulled.ReadGroups;
        if (read > 0)
        {
            var perGroup = Math.Max(1.0, (double)pulled.ReadBytes / read);
            // Smoothed, so one odd pull does not swing the next; a first sample is taken as it is.
            _bytesPerGroup = _bytesPerGroup <= 0 ? perGroup : (_bytesPerGroup + perGroup) / 2;
            Count = (int)Math.Clamp(_maxBytes / _bytesPerGroup, 1, _maxCount);
        }
        if (read < 0)
        {
            // Unknown (no x-log-count): a pull that returned data or moved the cursor may have more behind it.
            return pulled.Length > 0 || cursorMoved;
        }
        if (read == 0 && pulled.RawGroupCount < 0 && cursorMoved)
        {
            // A query filtered everything out and the service did not say how much it read: assume more follows.
            return true;
        }
        return read >= asked;
    }
}
