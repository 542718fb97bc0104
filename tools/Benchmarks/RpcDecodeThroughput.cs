using System.Diagnostics;
using System.Globalization;
using System.Text;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Sources.Http;

namespace FlumeNet.Benchmarks;

/// <summary>
/// <c>rpc-decode [--events N]</c>: the network sources' decoding alone, without sockets or channels: the http source's
/// JSONHandler on a request of 100 events (256-byte bodies, one header, as tools/bench/netsources-rate.sh sends) and the
/// avro source's appendBatch decoding of 100 events (256-byte bodies, no headers as StressSource sends, then two
/// headers). Prints events/s, CPU seconds per million events and bytes allocated per event.
/// </summary>
public static class RpcDecodeThroughput
{
    public static int Run(string[] args)
    {
        var events = args.Length > 2 && args[1] == "--events" ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2_000_000;
        var json = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("{\"headers\": {\"h\": \"v\"}, \"body\": \"" + new string('y', 256) + "\"}", 100)) + "]");
        Measure("http json (batch 100, 1 header)", events, () => JsonHandler.Parse(json, null).Count);
        foreach (var headers in new[] { 0, 2 })
        {
            var request = AppendBatchRequest(headers);
            var responder = new AvroResponder();
            var session = new AvroServerSession { Established = true };
            var handler = new CountingHandler();
            using var writer = new AvroWriter();
            var scratch = new List<FlumeEvent>(100);
            Measure($"avro appendBatch (batch 100, {headers} headers)", events, () =>
            {
                writer.Reset();
                responder.Respond(session, request, writer, handler, scratch);
                return handler.Last;
            });
        }
        return 0;
    }

    private static byte[] AppendBatchRequest(int headerCount)
    {
        var batch = new List<FlumeEvent>();
        for (var i = 0; i < 100; i++)
        {
            var e = new FlumeEvent(Encoding.ASCII.GetBytes(new string('x', 256)));
            for (var h = 0; h < headerCount; h++)
            {
                e.Headers[h == 0 ? "origin" : "timestamp"] = h == 0 ? "edge-1" : "1764600000000";
            }
            batch.Add(e);
        }
        using var writer = new AvroWriter();
        writer.WriteLong(0);
        writer.WriteString(AvroFlumeProtocol.AppendBatchMessage);
        AvroFlumeEventCodec.WriteArray(writer, batch, 0, batch.Count);
        return writer.WrittenSpan.ToArray();
    }

    private static void Measure(string name, int events, Func<int> decodeBatch)
    {
        for (var warm = 0; warm < 3000; warm++)
        {
            decodeBatch();
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var n = 0;
        while (n < events)
        {
            n += decodeBatch();
        }
        var seconds = watch.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: events_per_s={n / seconds:F0} cpu_s_per_million={cpuSeconds / (n / 1e6):F2} bytes_allocated_per_event={(GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)n:F0}"));
    }

    private sealed class CountingHandler : IAvroFlumeHandler
    {
        public int Last { get; private set; }

        public AvroStatus Append(FlumeEvent e)
        {
            Last = 1;
            return AvroStatus.Ok;
        }

        public AvroStatus AppendBatch(List<FlumeEvent> events)
        {
            Last = events.Count;
            return AvroStatus.Ok;
        }
    }
}
