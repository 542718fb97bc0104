namespace FlumeNet.Tools.KafkaEmulator.Storage;

/// <summary>The batches of one partition in offset order, in memory. Thread-safe; readers wait on <see cref="Changed"/>.</summary>
internal sealed class PartitionLog
{
    private readonly List<RecordBatch> _batches = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = NewSignal();

    public PartitionLog(string topic, int partition)
    {
        Topic = topic;
        Partition = partition;
    }

    public string Topic { get; }

    public int Partition { get; }

    public long HighWatermark { get; private set; }

    public long RecordCount { get; private set; }

    /// <summary>Completes at the next append; a fetch that found nothing waits on it.</summary>
    public Task Changed
    {
        get
        {
            lock (_lock)
            {
                return _changed.Task;
            }
        }
    }

    public long Append(IReadOnlyList<RecordBatch> batches)
    {
        TaskCompletionSource signal;
        long first;
        lock (_lock)
        {
            first = HighWatermark;
            foreach (var batch in batches)
            {
                batch.Assign(HighWatermark);
                _batches.Add(batch);
                HighWatermark = batch.LastOffset + 1;
                RecordCount += batch.RecordCount;
            }
            signal = _changed;
            _changed = NewSignal();
        }
        signal.TrySetResult();
        return first;
    }

    /// <summary>Batches from the one holding <paramref name="offset"/>, at least one, up to <paramref name="maxBytes"/>.</summary>
    public List<RecordBatch> Read(long offset, int maxBytes)
    {
        var result = new List<RecordBatch>();
        lock (_lock)
        {
            var index = FindBatch(offset);
            var size = 0;
            for (var i = index; i >= 0 && i < _batches.Count; i++)
            {
                var b = _batches[i];
                if (result.Count > 0 && size + b.Bytes.Length > maxBytes)
                {
                    break;
                }
                result.Add(b);
                size += b.Bytes.Length;
            }
        }
        return result;
    }

    /// <summary>The first offset whose batch has a timestamp at or after <paramref name="timestamp"/>; the high watermark if none.</summary>
    public long OffsetForTimestamp(long timestamp)
    {
        lock (_lock)
        {
            foreach (var b in _batches)
            {
                if (b.MaxTimestamp >= timestamp)
                {
                    return b.BaseOffset;
                }
            }
            return HighWatermark;
        }
    }

    private int FindBatch(long offset)
    {
        int lo = 0, hi = _batches.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (_batches[mid].BaseOffset <= offset)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        if (found >= 0 && _batches[found].LastOffset < offset)
        {
            found++;
        }
        return found < 0 && _batches.Count > 0 ? 0 : found;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
