using BenchmarkDotNet.Attributes;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.LogHub;
using FlumeNet.Agent.LogHub.Protocol;
using FlumeNet.Agent.Sources.LogHub;
using Google.Protobuf;
using K4os.Compression.LZ4;

namespace FlumeNet.Benchmarks;

/// <summary>
/// The LogHub source's per-pull CPU work: one PullLogs body (1000 LogGroups × 10 logs, LZ4 as the server sends it)
/// decompressed, decoded and turned into Flume events with the EMR JSON body and the record-time header. Throughput =
/// <see cref="RawBytes"/> / mean time.
/// </summary>
[MemoryDiagnoser]
public class LogHubDecodeBenchmarks
{
    private byte[] _compressed = [];
    private int _compressedLength;
    private readonly LogRecord _record = new();
    private readonly List<FlumeEvent> _events = new(10_000);
    private LogEventBuilder _builder = null!;
    private LogGroupList _list = null!;

    public static int RawBytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var list = new LogGroupList();
        var random = new Random(7);
        for (var g = 0; g < 1000; g++)
        {
            var group = new LogGroup { Topic = "nginx", Source = "10.0.0." + (g % 250) };
            group.LogTags.Add(new LogTag { Key = "__hostname__", Value = "web-" + (g % 20) });
            for (var i = 0; i < 10; i++)
            {
                var log = new Log { Time = (uint)(1_700_000_000 + g) };
                log.Contents.Add(new Log.Types.Content { Key = "remote_addr", Value = $"192.168.{random.Next(256)}.{random.Next(256)}" });
                log.Contents.Add(new Log.Types.Content { Key = "request", Value = $"GET /api/v1/items/{random.Next(100000)}?page={random.Next(50)} HTTP/1.1" });
                log.Contents.Add(new Log.Types.Content { Key = "status", Value = random.Next(10) == 0 ? "404" : "200" });
                log.Contents.Add(new Log.Types.Content { Key = "body_bytes_sent", Value = random.Next(100000).ToString(System.Globalization.CultureInfo.InvariantCulture) });
                log.Contents.Add(new Log.Types.Content { Key = "http_user_agent", Value = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36" });
                group.Logs.Add(log);
            }
            list.LogGroupList_.Add(group);
        }
        _list = list;
        var raw = list.ToByteArray();
        RawBytes = raw.Length;
        _compressed = new byte[LZ4Codec.MaximumOutputSize(raw.Length)];
        _compressedLength = LZ4Codec.Encode(raw, _compressed);
        _builder = new LogEventBuilder(JsonLogBodyFormat.Emr(), useRecordTime: true);
        Console.WriteLine($"// PullLogs body: {RawBytes} bytes raw, {_compressedLength} bytes LZ4, 10000 logs");
    }

    [Benchmark(Description = "LZ4 + decode + EMR JSON events (10000 logs)")]
    public int DecodeToEvents()
    {
        var (buffer, length) = LogHubCompression.Decompress("PullLogs", "lz4", _compressed.AsSpan(0, _compressedLength), RawBytes);
        try
        {
            _events.Clear();
            _builder.Begin(_events, 0);
            LogGroupListDecoder.Decode(buffer, length, _record, _builder);
            return _events.Count;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [Benchmark(Description = "LZ4 + decode only, no events")]
    public int DecodeOnly()
    {
        var (buffer, length) = LogHubCompression.Decompress("PullLogs", "lz4", _compressed.AsSpan(0, _compressedLength), RawBytes);
        try
        {
            return LogGroupListDecoder.Decode(buffer, length, _record, NoOp.Instance);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [Benchmark(Description = "Google.Protobuf generated parser (comparison)")]
    public int GeneratedParser()
    {
        var (buffer, length) = LogHubCompression.Decompress("PullLogs", "lz4", _compressed.AsSpan(0, _compressedLength), RawBytes);
        try
        {
            return LogGroupList.Parser.ParseFrom(buffer, 0, length).LogGroupList_.Count;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private sealed class NoOp : ILogRecordVisitor
    {
        public static readonly NoOp Instance = new();

        public void Visit(LogRecord record)
        {
        }
    }
}
