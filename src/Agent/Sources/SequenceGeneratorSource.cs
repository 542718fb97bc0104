using System.Globalization;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;

namespace FlumeNet.Agent.Sources;

/// <summary>Flume's <c>seq</c> source: bodies are the decimal counter from 0, <c>batchSize</c> per batch, up to <c>totalEvents</c>.
/// A batch the channels refuse is retried with the same bodies, so nothing is skipped.</summary>
public sealed class SequenceGeneratorSource : IPollableSource, IMeteredSource
{
    private readonly ChannelProcessor _processor;
    private readonly int _batchSize;
    private readonly long _totalEvents;
    private readonly List<FlumeEvent> _batch = [];
    private long _next;

    public SequenceGeneratorSource(string name, ChannelProcessor processor, int batchSize, long totalEvents,
        TimeSpan backoffSleepIncrement, TimeSpan maxBackoffSleep)
    {
        Name = name;
        _processor = processor;
        _batchSize = Math.Max(1, batchSize);
        _totalEvents = totalEvents;
        BackoffSleepIncrement = backoffSleepIncrement;
        MaxBackoffSleep = maxBackoffSleep;
        Counter = new SourceCounter(name);
    }

    public string Name { get; }

    public SourceCounter Counter { get; }

    public TimeSpan BackoffSleepIncrement { get; }

    public TimeSpan MaxBackoffSleep { get; }

    public static SequenceGeneratorSource Create(BoundOptions o, ChannelProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new SequenceGeneratorSource(o.Name, processor, o.GetInt("batchSize", 1), o.GetLong("totalEvents", long.MaxValue),
            TimeSpan.FromMilliseconds(o.GetLong("backoffSleepIncrement", 1000)), TimeSpan.FromMilliseconds(o.GetLong("maxBackoffSleep", 5000)));
    }

    public void Start() => Counter.Start();

    public void Stop() => Counter.Stop();

    public ProcessStatus Process()
    {
        if (_next >= _totalEvents)
        {
            return ProcessStatus.Backoff;
        }
        var count = (int)Math.Min(_batchSize, _totalEvents - _next);
        _batch.Clear();
        Span<byte> digits = stackalloc byte[20];
        for (var i = 0; i < count; i++)
        {
            // Formatted straight to ASCII bytes: the body is the only allocation besides the event.
            (_next + i).TryFormat(digits, out var length, default, CultureInfo.InvariantCulture);
            _batch.Add(new FlumeEvent(digits[..length].ToArray()));
        }
        Counter.AddEventsReceived(count);
        Counter.IncrementAppendBatchReceived();
        try
        {
            _processor.ProcessBatch(_batch);
        }
        catch (ChannelException)
        {
            Counter.IncrementChannelWriteFail();
            return ProcessStatus.Backoff;
        }
        _next += count;
        Counter.AddEventsAccepted(count);
        Counter.IncrementAppendBatchAccepted();
        return ProcessStatus.Ready;
    }
}
