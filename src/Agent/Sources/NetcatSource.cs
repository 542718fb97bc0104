using System.Net;
using System.Net.Sockets;
using System.Text;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sources;

/// <summary>
/// Flume's <c>netcat</c> source: one event per <c>\n</c>-terminated line (the body keeps a <c>\r</c>), <c>OK\n</c> after each
/// event is committed when <c>ack-every-event</c>, <c>FAILED: …\n</c> when the channels refuse it or the line is longer than
/// <c>max-line-length</c> bytes. Unlike Flume (one transaction per line), lines already received are committed together,
/// up to <c>batchSize</c>, and acknowledged after their commit; nothing is acknowledged before it is in the channels.
/// Each connection is read by its own thread (<c>r1-reader-N</c>, as Flume's handler threads), with blocking reads into
/// a pooled buffer; while more bytes are already waiting on the socket, lines accumulate into one batch.
/// </summary>
public sealed class NetcatSource : IEventDrivenSource, IMeteredSource
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    // "OK\n" repeated, so the replies of a batch are queued in a few block copies rather than one write per event.
    private static readonly byte[] Oks = MakeOks(256);
    private readonly NetcatSourceOptions _options;
    private readonly ChannelProcessor _processor;
    private readonly object _processorLock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Connection> _connections = [];
    private int _connectionCount;
    private Socket? _listener;
    private Task? _acceptLoop;

    public NetcatSource(string name, NetcatSourceOptions options, ChannelProcessor processor)
    {
        Name = name;
        _options = options;
        _processor = processor;
        Counter = new SourceCounter(name);
    }

    public string Name { get; }

    public SourceCounter Counter { get; }

    /// <summary>The bound port (useful with port 0).</summary>
    public int BoundPort => (_listener?.LocalEndPoint as IPEndPoint)?.Port ?? 0;

    public static NetcatSource Create(BoundOptions o, ChannelProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(o);
        var options = new NetcatSourceOptions(
            o.RequiredString("bind"), o.GetInt("port", 0), o.GetInt("max-line-length", 512), o.GetBool("ack-every-event", true),
            Math.Max(1, o.GetInt("batchSize", 100)));
        return new NetcatSource(o.Name, options, processor);
    }

    public void Start()
    {
        Counter.Start();
        var address = _options.Bind is "0.0.0.0" or "" ? IPAddress.Any : ResolveBind(_options.Bind);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(address, _options.Port));
            listener.Listen(128);
        }
        catch (SocketException ex)
        {
            listener.Dispose();
            throw new IOException($"netcat source '{Name}' cannot listen on {_options.Bind}:{_options.Port}: {ex.Message}", ex);
        }
        _listener = listener;
        _acceptLoop = Task.Run(AcceptLoop);
        Log.Info("Source '{Source}' listening on {Bind}:{Port}", Name, _options.Bind, BoundPort);
    }

    public void Stop()
    {
        _stop.Cancel();
        _listener?.Dispose();
        try
        {
            _acceptLoop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends with cancellation.
        }
        Connection[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }
        // Closing a socket ends its reader's blocking read; lines already read were delivered before that read began.
        foreach (var c in open)
        {
            try
            {
                c.Socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Already closed by its peer or its reader.
            }
            c.Socket.Dispose();
        }
        var until = Environment.TickCount64 + 5000;
        foreach (var c in open)
        {
            c.Reader.Join(TimeSpan.FromMilliseconds(Math.Max(0, until - Environment.TickCount64)));
        }
        Counter.Stop();
    }

    private static IPAddress ResolveBind(string bind) =>
        IPAddress.TryParse(bind, out var ip) ? ip : Dns.GetHostAddresses(bind)[0];

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var reader = new Thread(() => Serve(client))
            {
                Name = $"{Name}-reader-{Interlocked.Increment(ref _connectionCount)}",
                IsBackground = true,
            };
            lock (_connections)
            {
                _connections.RemoveAll(c => !c.Reader.IsAlive && c.Reader.ThreadState != ThreadState.Unstarted);
                _connections.Add(new Connection(client, reader));
            }
            reader.Start();
        }
    }

    private void Serve(Socket client)
    {
        Counter.AddOpenConnections(1);
        using var reader = new LineBatchReader(_options.MaxLineLength);
        // Flume commits each line alone, so a channel with a small transactionCapacity must still work.
        var batchSize = Math.Max(1, Math.Min(_options.BatchSize, _processor.MaxBatchSize));
        var batch = new List<FlumeEvent>(batchSize);
        var replies = new MemoryStream();
        try
        {
            using var stream = new NetworkStream(client, ownsSocket: true);
            while (!_stop.IsCancellationRequested)
            {
                if (reader.Fill(stream) == 0)
                {
                    break;
                }
                while (reader.NextBatch(batch, batchSize, out var tooLong))
                {
                    if (tooLong == 0 && batch.Count < batchSize && client.Available > 0)
                    {
                        break; // more bytes are already here: fill this batch from them before committing it
                    }
                    Deliver(batch, replies, tooLong);
                }
                Reply(stream, replies);
            }
            if (batch.Count > 0)
            {
                Deliver(batch, replies, 0);
                Reply(stream, replies);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            Log.Debug("Source '{Source}': connection closed: {Reason}", Name, ex.Message);
            DeliverLeftover(batch, replies);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.Error(ex, "Source '{Source}': connection handler failed: {Reason}", Name, ex.Message);
        }
        finally
        {
            Counter.AddOpenConnections(-1);
        }
    }

    // Whole lines received before the connection broke: committed, though nobody is left to acknowledge them.
    private void DeliverLeftover(List<FlumeEvent> batch, MemoryStream replies)
    {
        if (batch.Count == 0)
        {
            return;
        }
        try
        {
            Deliver(batch, replies, 0);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.Error(ex, "Source '{Source}': {Count} lines received before the connection closed could not be delivered: {Reason}", Name, batch.Count, ex.Message);
        }
    }

    private static void Reply(NetworkStream stream, MemoryStream replies)
    {
        if (replies.Length > 0)
        {
            stream.Write(replies.GetBuffer(), 0, (int)replies.Length);
            replies.SetLength(0);
        }
    }

    // Commits one batch and queues its replies: OK per event after the commit, FAILED per event if refused.
    private void Deliver(List<FlumeEvent> batch, MemoryStream replies, int tooLong)
    {
        for (var i = 0; i < tooLong; i++)
        {
            replies.Write(Encoding.ASCII.GetBytes($"FAILED: Event exceeds the maximum length ({_options.MaxLineLength} chars, including newline)\n"));
        }
        if (batch.Count == 0)
        {
            return;
        }
        var count = batch.Count;
        Counter.AddEventsReceived(count);
        try
        {
            lock (_processorLock)
            {
                _processor.ProcessBatch(batch);
            }
            Counter.AddEventsAccepted(count);
            if (_options.AckEveryEvent)
            {
                for (var left = count; left > 0; left -= Oks.Length / 3)
                {
                    replies.Write(Oks, 0, Math.Min(left, Oks.Length / 3) * 3);
                }
            }
        }
        catch (ChannelException ex)
        {
            Counter.IncrementChannelWriteFail();
            var failed = Encoding.ASCII.GetBytes($"FAILED: {ex.Message}\n");
            for (var i = 0; i < count; i++)
            {
                replies.Write(failed);
            }
            Log.Warn("Source '{Source}': the channel refused {Count} events (the client was told FAILED): {Reason}", Name, count, ex.Message);
        }
        finally
        {
            batch.Clear();
        }
    }

    private static byte[] MakeOks(int count)
    {
        var oks = new byte[count * 3];
        for (var i = 0; i < oks.Length; i += 3)
        {
            "OK\n"u8.CopyTo(oks.AsSpan(i));
        }
        return oks;
    }

    private sealed record Connection(Socket Socket, Thread Reader);
}
