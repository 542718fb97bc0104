using System.Diagnostics;
using System.Globalization;
using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Hdfs.FileSystems;
using FlumeNet.Agent.Hdfs.Formats;
using FlumeNet.Agent.Serializers;
using FlumeNet.Agent.Sinks.Hdfs;

namespace FlumeNet.Benchmarks;

/// <summary>
/// HDFS sink throughput (not BenchmarkDotNet: one long run): <c>--events</c> events of 256 bytes through a memory
/// channel into the HDFS sink as DataStream (TEXT serializer, <c>--batch</c> events per transaction and flush, default 1000, one file), on the local disk or, with
/// <c>--webhdfs http://127.0.0.1:P</c>, through a WebHDFS NameNode; next to <c>cat</c> copying a file of the same
/// bytes (N × 257) on the same disk in the same run. Prints MB/s for both and their ratio. <c>--seed-path true</c>
/// uses the seed's path (<c>datetime=%y%m%d/hour=%H</c>, rounded to 60 minutes) and a timestamp header per event;
/// <c>--prefill true</c> fills the channel before timing, so only the sink thread is measured.
/// </summary>
internal static class HdfsSinkThroughput
{
    public static int Run(string[] args)
    {
        var events = 2_000_000;
        Uri? webHdfs = null;
        var batch = 1000;
        var seedPath = false;
        var skipCat = false;
        var prefill = false;
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--events":
                    events = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--batch":
                    batch = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--prefill":
                    prefill = args[i + 1] == "true";
                    break;
                case "--skip-cat":
                    skipCat = args[i + 1] == "true";
                    break;
                case "--seed-path":
                    seedPath = args[i + 1] == "true";
                    break;
                case "--webhdfs":
                    webHdfs = new Uri(args[i + 1]);
                    break;
            }
        }
        var dir = Directory.CreateTempSubdirectory("flumenet-sink-bench-").FullName;
        try
        {
            var bytes = (long)events * 257;
            var cat = skipCat ? TimeSpan.FromTicks(1) : Cat(dir, bytes);
            var sink = Sink(dir, events, webHdfs, batch, seedPath, prefill);
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"target: {(webHdfs is null ? "local disk (file://)" : "WebHDFS " + webHdfs)}; {events} events of 256 B = {bytes / 1e6:0.0} MB; hdfs.batchSize {batch}"));
            Console.WriteLine(string.Create(inv, $"cat same bytes: {bytes / 1e6 / cat.TotalSeconds,8:0.0} MB/s ({cat.TotalSeconds:0.00} s)"));
            Console.WriteLine(string.Create(inv, $"HDFS sink:      {bytes / 1e6 / sink.TotalSeconds,8:0.0} MB/s ({sink.TotalSeconds:0.00} s, {events / sink.TotalSeconds / 1e6:0.00} M events/s)"));
            Console.WriteLine(string.Create(inv, $"sink / cat:     {cat.TotalSeconds / sink.TotalSeconds * 100,8:0} %"));
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static TimeSpan Cat(string dir, long bytes)
    {
        var source = Path.Combine(dir, "cat-source");
        var line = new byte[257];
        Array.Fill(line, (byte)'x');
        line[^1] = (byte)'\n';
        using (var f = new FileStream(source, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            for (long n = 0; n < bytes; n += line.Length)
            {
                f.Write(line);
            }
        }
        var watch = Stopwatch.StartNew();
        using var p = Process.Start(new ProcessStartInfo("sh", ["-c", $"cat '{source}' > '{Path.Combine(dir, "cat-copy")}'"]) { UseShellExecute = false })!;
        p.WaitForExit();
        var elapsed = watch.Elapsed;
        File.Delete(Path.Combine(dir, "cat-copy"));
        File.Delete(source);
        return elapsed;
    }

    private static TimeSpan Sink(string dir, int events, Uri? webHdfs, int batch, bool seedPath, bool prefill)
    {
        var channel = new MemoryChannel("c1", new MemoryChannelOptions(prefill ? events : 100_000, batch, TimeSpan.FromSeconds(3)));
        IHdfsFileSystem fs = webHdfs is null
            ? new LocalFileSystem()
            : new WebHdfsFileSystem(new WebHdfsSettings { NameNodes = [webHdfs], User = "flume", CallTimeout = TimeSpan.FromSeconds(60) });
        var path = (webHdfs is null ? Path.Combine(dir, "out") : "/bench/out") + (seedPath ? "/datetime=%y%m%d/hour=%H" : "");
        var options = new HdfsSinkOptions
        {
            Path = path,
            FilePrefix = "FlumeData",
            RollIntervalMs = 0,
            RollSize = 0,
            RollCount = 0,
            BatchSize = batch,
            UseLocalTimeStamp = !seedPath,
            Round = seedPath,
            RoundValue = 60,
            RoundUnit = BucketRoundUnit.Minute,
            WriterFactory = () => new HdfsDataStreamWriter(s => new BodyTextEventSerializer(s, appendNewline: true)),
        };
        var context = new BucketContext { UseLocalTimeStamp = !seedPath, Round = seedPath, RoundValue = 60, RoundUnit = BucketRoundUnit.Minute };
        var stamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var sink = new HdfsEventSink("k1", channel, options, fs,
            new BucketPathTemplate(BucketPath.Compile(path), context), new BucketPathTemplate(BucketPath.Compile("FlumeData"), context));
        var body = new byte[256];
        Array.Fill(body, (byte)'x');
        sink.Start();
        var watch = new Stopwatch();
        var producer = new Thread(() =>
        {
            for (var done = 0; done < events; done += batch)
            {
                using var tx = channel.BeginTransaction();
                for (var i = done; i < Math.Min(events, done + batch); i++)
                {
                    tx.Put(seedPath ? new FlumeEvent(body, new Dictionary<string, string>(1) { ["timestamp"] = stamp }) : new FlumeEvent(body));
                }
                tx.Commit();
            }
        });
        if (prefill)
        {
            // The channel holds every event before the clock starts: only the sink's own work is timed.
            producer.Start();
            producer.Join();
        }
        watch.Start();
        if (!prefill)
        {
            producer.Start();
        }
        long drained = 0;
        while (drained < events)
        {
            sink.Process();
            drained = channel.Counter.EventTakeSuccessCount;
        }
        producer.Join();
        sink.Stop();
        var elapsed = watch.Elapsed;
        (fs as IDisposable)?.Dispose();
        return elapsed;
    }
}
