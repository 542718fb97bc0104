using System.Diagnostics;
using System.Globalization;
using System.Text;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Sources.Syslog;

namespace FlumeNet.Benchmarks;

/// <summary>
/// <c>syslog-decode [--events N]</c>: the syslogtcp parser alone (SyslogUtilsDecoder.Feed on 64 KiB reads of 256-byte
/// RFC 3164 and RFC 5424 lines), events/s, CPU seconds per million and allocated bytes per event, to separate parsing from the rest of the pipeline.
/// </summary>
public static class SyslogDecodeThroughput
{
    public static int Run(string[] args)
    {
        var events = args.Length > 2 && args[1] == "--events" ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2_000_000;
        foreach (var head in new[] { "<13>Oct 11 22:14:15 benchhost app: ", "<13>1 2026-12-01T14:00:00.123456+00:00 benchhost app - - - " })
        {
            var line = Encoding.ASCII.GetBytes(head + new string('x', 256 - head.Length) + "\n");
            var chunk = new byte[line.Length * 256];
            for (var i = 0; i < 256; i++)
            {
                line.CopyTo(chunk, i * line.Length);
            }
            var decoder = new SyslogUtilsDecoder(2500, SyslogKeepFields.None);
            var output = new List<FlumeEvent>(256);
            for (var warm = 0; warm < 2000; warm++)
            {
                decoder.Feed(chunk, output);
                output.Clear();
            }
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            for (var n = 0; n < events; n += 256)
            {
                decoder.Feed(chunk, output);
                output.Clear();
            }
            var seconds = watch.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(head.Contains('T', StringComparison.Ordinal) ? "rfc5424" : "rfc3164")}: events_per_s={events / seconds:F0} cpu_s_per_million={cpuSeconds / (events / 1e6):F2} bytes_allocated_per_event={(GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)events:F0}"));
        }
        return 0;
    }
}
