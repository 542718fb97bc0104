using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Selectors;
using FlumeNet.Agent.Sources;

namespace FlumeNet.Agent.Tests.Sources;

public sealed class NetcatSourceTests : IDisposable
{
    private readonly MemoryChannel _channel = new("c1", new MemoryChannelOptions(20000, 1000, TimeSpan.FromMilliseconds(20)));
    private readonly ThreadRecorder _threads = new();
    private NetcatSource? _source;

    public void Dispose() => _source?.Stop();

    private NetcatSource Start(int maxLineLength = 512, bool ack = true, int batchSize = 100)
    {
        var processor = new ChannelProcessor(new ReplicatingChannelSelector([_channel], new HashSet<string>()), [_threads]);
        _source = new NetcatSource("r1", new NetcatSourceOptions("127.0.0.1", 0, maxLineLength, ack, batchSize), processor);
        _source.Start();
        return _source;
    }

    private List<string> WaitForEvents(int count)
    {
        var got = new List<string>();
        var watch = Stopwatch.StartNew();
        while (got.Count < count)
        {
            Assert.True(watch.Elapsed < SourceHarness.Patience, $"only {got.Count} of {count} events arrived");
            using var tx = _channel.BeginTransaction();
            var batch = new List<FlumeEvent>();
            if (_channel.Count > 0)
            {
                tx.TakeBatch(batch, 1000);
            }
            tx.Commit();
            got.AddRange(batch.ConvertAll(e => Encoding.UTF8.GetString(e.Body)));
            if (batch.Count == 0)
            {
                Thread.Sleep(20);
            }
        }
        return got;
    }

    private static string ReadReplies(NetworkStream stream, int lines)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        stream.ReadTimeout = (int)SourceHarness.Patience.TotalMilliseconds;
        while (text.ToString().Count(c => c == '\n') < lines)
        {
            var n = stream.Read(buffer);
            Assert.True(n > 0, "the source closed the connection");
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        return text.ToString();
    }

    [Fact]
    public void Lines_BecomeEvents_AcknowledgedAfterTheirCommit_ByANamedReaderThread()
    {
        var source = Start();
        using var client = new TcpClient("127.0.0.1", source.BoundPort);
        var stream = client.GetStream();
        stream.Write("a\nbb\r\n"u8);
        Assert.Equal("OK\nOK\n", ReadReplies(stream, 2));
        Assert.Equal(["a", "bb\r"], WaitForEvents(2));
        Assert.Equal(["r1-reader-1"], _threads.Names.Distinct());
        Assert.Equal(2, source.Counter.EventAcceptedCount);
    }

    [Fact]
    public void TooLongLine_IsRefused_AndTheNextLineStillArrives()
    {
        var source = Start(maxLineLength: 5);
        using var client = new TcpClient("127.0.0.1", source.BoundPort);
        var stream = client.GetStream();
        stream.Write("123456789\nok\n"u8);
        var replies = ReadReplies(stream, 2);
        Assert.StartsWith("FAILED: Event exceeds the maximum length (5 chars, including newline)\n", replies, StringComparison.Ordinal);
        Assert.EndsWith("OK\n", replies, StringComparison.Ordinal);
        Assert.Equal(["ok"], WaitForEvents(1));
    }

    [Fact]
    public void ManyLinesInOneWrite_AllArriveInOrder_InBatchesOfAtMostBatchSize()
    {
        const int lines = 5000;
        var source = Start(ack: false, batchSize: 1000);
        var payload = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            payload.Append(i).Append('\n');
        }
        using (var client = new TcpClient("127.0.0.1", source.BoundPort))
        {
            client.GetStream().Write(Encoding.ASCII.GetBytes(payload.ToString()));
        }
        var got = WaitForEvents(lines);
        Assert.Equal(Enumerable.Range(0, lines).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), got);
        Assert.True(_threads.LargestBatch <= 1000, $"a batch of {_threads.LargestBatch} events exceeds batchSize");
        Assert.Equal(lines, source.Counter.EventAcceptedCount);
    }

    [Fact]
    public void Stop_EndsIdleConnections()
    {
        var source = Start();
        using var client = new TcpClient("127.0.0.1", source.BoundPort);
        SourceHarness.WaitUntil(() => source.Counter.OpenConnectionCount == 1, "the connection to open");
        source.Stop();
        _source = null;
        // The idle reader was blocked in a read: Stop must end it (a reader still blocked keeps its count; Stop's
        // bounded join may return before a reader slowed by load has counted itself out).
        SourceHarness.WaitUntil(() => source.Counter.OpenConnectionCount == 0, "the idle reader to end");
    }

    /// <summary>Records which threads deliver batches, and the largest batch.</summary>
    private sealed class ThreadRecorder : IInterceptor
    {
        private readonly ConcurrentQueue<string> _names = new();
        private int _largest;

        public IEnumerable<string> Names => _names;

        public int LargestBatch => Volatile.Read(ref _largest);

        public FlumeEvent? Intercept(FlumeEvent e) => e;

        public void Intercept(List<FlumeEvent> events)
        {
            _names.Enqueue(Thread.CurrentThread.Name ?? "<unnamed>");
            if (events.Count > _largest)
            {
                Volatile.Write(ref _largest, events.Count);
            }
        }
    }
}
