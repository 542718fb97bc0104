using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sources.SpoolDir;

/// <summary>
/// Flume's <c>spooldir</c> source (reference §7): reads the files dropped into a directory one at a time, in batches of
/// <c>batchSize</c> events, and completes each file (rename, marker or delete) once its last batch is stored. A
/// refused batch is read again from the last committed position after a pause of 250 ms doubling to
/// <c>maxBackoff</c>. The worker drains the directory, then waits <c>pollDelay</c>.
/// </summary>
/// <remarks>
/// Differences from Flume, each on purpose: the tracker position and a file's completion move only past batches the
/// sinks have stored (<see cref="SinkDeliveryMark"/>), so a kill -9 with a memory channel loses nothing; a file that
/// changed or was renamed while read, cannot be decoded, or whose completed name exists is quarantined with an
/// ERROR instead of stopping the source for good (T19).
/// </remarks>
internal sealed class SpoolDirSource : IEventDrivenSource, IMeteredSource, IReplayableSource
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan AckPoll = TimeSpan.FromMilliseconds(20);
    private readonly SpoolDirSourceOptions _options;
    private readonly ChannelProcessor _processor;
    private readonly Queue<Ack> _acks = new();
    private readonly List<FlumeEvent> _events;
    private readonly List<FlumeEvent> _attempt;
    private CancellationTokenSource? _stopping;
    private SpoolingFileReader? _reader;
    private Thread? _worker;

    public SpoolDirSource(string name, SpoolDirSourceOptions options, ChannelProcessor processor)
    {
        Name = name;
        _options = options;
        _processor = processor;
        _events = new List<FlumeEvent>(options.BatchSize);
        _attempt = new List<FlumeEvent>(options.BatchSize);
        Counter = new SourceCounter(name);
    }

    public string Name { get; }

    public SourceCounter Counter { get; }

    public void Start()
    {
        var reader = new SpoolingFileReader(Name, _options);
        reader.Prepare();
        _reader = reader;
        _acks.Clear();
        _stopping = new CancellationTokenSource();
        Counter.Start();
        _worker = new Thread(() => Run(reader, _stopping.Token)) { Name = $"SpoolDirSource-{Name}", IsBackground = true };
        _worker.Start();
        Log.Info("Source '{Source}' reads files dropped into {Dir}", Name, _options.SpoolDir);
    }

    public void Stop()
    {
        var stopping = Interlocked.Exchange(ref _stopping, null);
        if (stopping is null)
        {
            return;
        }
        stopping.Cancel();
        _worker?.Join();
        var reader = _reader!;
        // Sinks still run while sources stop: let them store what was read, so files complete and the tracker is current.
        var deadline = Environment.TickCount64 + (long)_options.StopDrainTimeout.TotalMilliseconds;
        try
        {
            while (ProcessAcks(reader) && Environment.TickCount64 < deadline)
            {
                Thread.Sleep(AckPoll);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.Error("Source '{Source}': failed finishing files while stopping: {Reason}", Name, ex.Message);
        }
        if (_acks.Count > 0)
        {
            Log.Warn("Source '{Source}' stopped before the sinks stored its last {Count} batches; they are read again at the next start", Name, _acks.Count);
        }
        reader.Dispose();
        stopping.Dispose();
        Counter.Stop();
        Log.Info("Source '{Source}' stopped", Name);
    }

    private void Run(SpoolingFileReader reader, CancellationToken stop)
    {
        string? lastError = null;
        var backoff = new DoublingDelay(FirstBackoff, _options.MaxBackoff);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var pending = ProcessAcks(reader);
                if (!reader.EnsureOpen())
                {
                    stop.WaitHandle.WaitOne(pending ? AckPoll : _options.PollDelay);
                    continue;
                }
                var file = reader.Current!;
                _events.Clear();
                try
                {
                    reader.ReadBatch(_options.BatchSize, _events);
                }
                catch (SpoolFileException ex)
                {
                    Counter.IncrementEventReadFail();
                    reader.DetachCurrent();
                    reader.Quarantine(ex.File, $"it cannot be read: {ex.Message}");
                    continue;
                }
                if (_events.Count == 0)
                {
                    reader.DetachCurrent();
                    _acks.Enqueue(new Ack(file, -1, file.LastMark));
                    continue;
                }
                if (!Deliver(stop))
                {
                    reader.Rewind();
                    stop.WaitHandle.WaitOne(backoff.Current);
                    backoff.Advance();
                    continue;
                }
                backoff = new DoublingDelay(FirstBackoff, _options.MaxBackoff);
                var mark = SinkDeliveryMark.After(_processor, _attempt);
                file.LastMark = mark;
                _acks.Enqueue(new Ack(file, reader.Commit(), mark));
                lastError = null;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Counter.IncrementGenericProcessingFail();
                if (ex.Message != lastError)
                {
                    Log.Error("Source '{Source}': {Reason}; retrying", Name, ex.Message);
                    lastError = ex.Message;
                }
                stop.WaitHandle.WaitOne(_options.MaxBackoff);
            }
        }
    }

    private bool Deliver(CancellationToken stop)
    {
        var n = _events.Count;
        Counter.AddEventsReceived(n);
        Counter.IncrementAppendBatchReceived();
        _attempt.Clear();
        _attempt.AddRange(_events);
        try
        {
            _processor.ProcessBatch(_attempt);
        }
        catch (ChannelException ex)
        {
            Counter.IncrementChannelWriteFail();
            if (!stop.IsCancellationRequested)
            {
                Log.Warn("Source '{Source}': the channel refused a batch of {Count} events; it is read again after a pause: {Reason}", Name, n, ex.Message);
            }
            return false;
        }
        Counter.AddEventsAccepted(n);
        Counter.IncrementAppendBatchAccepted();
        return true;
    }

    /// <summary>Applies the acknowledgements whose batches the sinks stored; true while some are still pending.</summary>
    private bool ProcessAcks(SpoolingFileReader reader)
    {
        while (_acks.Count > 0 && _acks.Peek().Mark.Passed)
        {
            var a = _acks.Dequeue();
            if (a.Position >= 0)
            {
                reader.StorePosition(a.File.Path, a.Position);
            }
            else
            {
                reader.Complete(a.File);
            }
        }
        return _acks.Count > 0;
    }

    /// <summary>A committed batch (its position) or a finished file (<see cref="Position"/> -1), applied once its mark passed.</summary>
    private readonly record struct Ack(SpoolFile File, long Position, SinkDeliveryMark Mark);
}
