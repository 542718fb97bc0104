using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sources.LogHub;

/// <summary>
/// Writes a pull's decoded events to the channels in transactions of at most <c>batchSize</c> (capped by the
/// channels' <c>transactionCapacity</c>), retrying a refused transaction until the channels take it or the source
/// stops, and afterwards tells when the sinks have stored the whole pull. One per source, used under its delivery lock.
/// </summary>
internal sealed class LogHubChannelWriter
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly string _source;
    private readonly ChannelProcessor _processor;
    private readonly SourceCounter _counter;
    private readonly int _batchSize;
    private readonly List<FlumeEvent> _chunk = [];
    private readonly List<FlumeEvent> _attempt = [];
    private List<IChannel>? _channels;

    public LogHubChannelWriter(string source, ChannelProcessor processor, SourceCounter counter, int batchSize)
    {
        _source = source;
        _processor = processor;
        _counter = counter;
        _batchSize = Math.Max(1, batchSize);
    }

    /// <summary>Decoded events not yet written.</summary>
    public List<FlumeEvent> Pending { get; } = [];

    public void BeginPull()
    {
        Pending.Clear();
        _chunk.Clear();
        _attempt.Clear();
        _channels = null;
    }

    /// <summary>Writes every full transaction's worth of <see cref="Pending"/> (and the partial rest with <paramref name="flushAll"/>).</summary>
    /// <returns>False when it gave up because the source is stopping (the pull will be read again).</returns>
    public async ValueTask<bool> WriteAsync(int shard, bool flushAll, CancellationToken stopping)
    {
        var max = Math.Max(1, Math.Min(_batchSize, _processor.MaxBatchSize));
        if (Pending.Count < max && !flushAll)
        {
            return true;
        }
        _channels ??= RequiredChannels();
        var from = 0;
        while (Pending.Count - from >= max || (flushAll && from < Pending.Count))
        {
            _chunk.Clear();
            var to = Math.Min(from + max, Pending.Count);
            for (var i = from; i < to; i++)
            {
                _chunk.Add(Pending[i]);
            }
            if (!await WriteChunkAsync(shard, stopping).ConfigureAwait(false))
            {
                return false;
            }
            from = to;
        }
        Pending.RemoveRange(0, from);
        return true;
    }

    /// <summary>
    /// Reads each channel's committed-put count now (after this pull's commits); the pull is stored once each channel's
    /// stored prefix (<see cref="IChannel.StoredPuts"/>) has caught up, because a sink commits its take only after the
    /// destination accepted the events (HDFS: after hflush).
    /// </summary>
    public Func<bool> StoredCheck()
    {
        var channels = _channels ?? RequiredChannels();
        var marks = new long[channels.Count];
        for (var i = 0; i < channels.Count; i++)
        {
            marks[i] = channels[i].CommittedPuts;
        }
        return () =>
        {
            for (var i = 0; i < marks.Length; i++)
            {
                if (channels[i].StoredPuts < marks[i])
                {
                    return false;
                }
            }
            return true;
        };
    }

    /// <summary>The channels every event must reach (the selector's required ones; all events' when they depend on headers).</summary>
    private List<IChannel> RequiredChannels()
    {
        var selector = _processor.Selector;
        if (!selector.DependsOnEvent || Pending.Count == 0)
        {
            return [.. selector.RequiredChannels(Pending.Count > 0 ? Pending[0] : new FlumeEvent([]))];
        }
        var set = new HashSet<IChannel>(ReferenceEqualityComparer.Instance);
        foreach (var e in Pending)
        {
            set.UnionWith(selector.RequiredChannels(e));
        }
        return [.. set];
    }

    private async ValueTask<bool> WriteChunkAsync(int shard, CancellationToken stopping)
    {
        var count = _chunk.Count;
        _counter.AddEventsReceived(count);
        var delay = new DoublingDelay(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        for (var tries = 1; ; tries++)
        {
            // Interceptors edit the list in place, so each attempt starts from the events as built.
            _attempt.Clear();
            _attempt.AddRange(_chunk);
            try
            {
                _processor.ProcessBatch(_attempt);
                _counter.AddEventsAccepted(count);
                return true;
            }
            catch (ChannelException ex)
            {
                _counter.IncrementChannelWriteFail();
                if (stopping.IsCancellationRequested)
                {
                    Log.Warn("Source '{Source}' is stopping: {Count} events of shard {Shard} were not stored and will be read again from LogHub", _source, count, shard);
                    return false;
                }
                if (tries == 1 || tries % 20 == 0)
                {
                    Log.Warn("Source '{Source}': the channel refused {Count} events of shard {Shard} (attempt {Attempt}); reading waits and retries: {Reason}",
                        _source, count, shard, tries, ex.Message);
                }
                try
                {
                    await Task.Delay(delay.Current, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // One last attempt follows.
                }
                delay.Advance();
            }
        }
    }
}
