using System.Diagnostics;
using System.Globalization;
using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Selectors;
using FlumeNet.Agent.Sources.SpoolDir;
using FlumeNet.Agent.Sources.Taildir;

namespace FlumeNet.Benchmarks;

/// <summary>
/// TAILDIR and spooldir → memory channel → a null consumer (one long run each, not BenchmarkDotNet): <c>--lines</c>
/// lines of 256 bytes plus <c>\n</c> in one file (page-cached: written just before), read with <c>--batch</c> lines
/// per channel transaction (default 1000; Flume's default is 100). The consumer thread takes and commits in
/// transactions of the same size, as a null sink does. Prints MB/s of line bytes for each source, and the process's CPU
/// time during the run (all threads: source, consumer, GC) as MB per CPU-second, which a crowded machine disturbs
/// much less than the wall-clock rate: on idle cores the wall rate lies between 1x the CPU rate (the threads never overlap)
/// and 2x (source and consumer always busy at once).
/// Run: <c>dotnet tools/Benchmarks/bin/Release/net10.0/FlumeNet.Benchmarks.dll file-sources [--lines 1000000] [--batch 1000] [--runs 3]</c>.
/// </summary>
internal static class FileSourceThroughput
{
    public static int Run(string[] args)
    {
        var lines = 1_000_000;
        var batch = 1000;
        var runs = 1;
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--lines":
                    lines = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--batch":
                    batch = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--runs":
                    runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
            }
        }
        var dir = Directory.CreateTempSubdirectory("flumenet-filesource-bench-").FullName;
        try
        {
            var bytes = (long)lines * 257;
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"{lines} lines of 256 B = {bytes / 1e6:0.0} MB; batchSize {batch}"));
            // Warm-up (JIT, page cache of the code paths), not reported.
            Taildir(Directory.CreateDirectory(Path.Combine(dir, "warm-taildir")).FullName, Math.Max(batch, lines / 10), batch);
            SpoolDir(Directory.CreateDirectory(Path.Combine(dir, "warm-spool")).FullName, Math.Max(batch, lines / 10), batch);
            for (var run = 1; run <= runs; run++)
            {
                var runDir = Directory.CreateDirectory(Path.Combine(dir, $"run-{run}")).FullName;
                var taildir = Measured(() => Taildir(Directory.CreateDirectory(Path.Combine(runDir, "taildir")).FullName, lines, batch));
                Print("TAILDIR ", run, bytes, lines, taildir);
                var spool = Measured(() => SpoolDir(Directory.CreateDirectory(Path.Combine(runDir, "spool")).FullName, lines, batch));
                Print("spooldir", run, bytes, lines, spool);
                Directory.Delete(runDir, recursive: true);
            }
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (TimeSpan Wall, TimeSpan Cpu) Measured(Func<(TimeSpan Wall, TimeSpan CpuBefore)> run)
    {
        var (wall, before) = run();
        return (wall, Process.GetCurrentProcess().TotalProcessorTime - before);
    }

    private static void Print(string name, int run, long bytes, int lines, (TimeSpan Wall, TimeSpan Cpu) m) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} -> memory -> null, run {run}: {bytes / 1e6 / m.Wall.TotalSeconds,8:0.0} MB/s wall ({m.Wall.TotalSeconds:0.00} s, {lines / m.Wall.TotalSeconds / 1e6:0.00} M lines/s), {bytes / 1e6 / m.Cpu.TotalSeconds,8:0.0} MB per CPU-second ({m.Cpu.TotalSeconds:0.00} CPU s)"));

    private static void WriteLines(string path, int lines)
    {
        var line = new byte[257];
        Array.Fill(line, (byte)'x');
        line[^1] = (byte)'\n';
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        for (var n = 0; n < lines; n++)
        {
            f.Write(line);
        }
    }

    private static (MemoryChannel Channel, ChannelProcessor Processor) Channel(int batch)
    {
        var channel = new MemoryChannel("c1", new MemoryChannelOptions(100_000, batch, TimeSpan.FromSeconds(3)));
        return (channel, new ChannelProcessor(new ReplicatingChannelSelector([channel], new HashSet<string>()), []));
    }

    private static Thread Consumer(MemoryChannel channel, int lines, int batch, ManualResetEventSlim done)
    {
        var t = new Thread(() =>
        {
            long taken = 0;
            while (taken < lines)
            {
                using var tx = channel.BeginTransaction();
                for (var i = 0; i < batch && tx.Take() is not null; i++)
                {
                    taken++;
                }
                tx.Commit();
            }
            done.Set();
        }) { IsBackground = true };
        t.Start();
        return t;
    }

    private static (TimeSpan Wall, TimeSpan CpuBefore) Taildir(string dir, int lines, int batch)
    {
        var logs = Path.Combine(dir, "logs");
        Directory.CreateDirectory(logs);
        WriteLines(Path.Combine(logs, "app.log"), lines);
        var (channel, processor) = Channel(batch);
        var source = new TaildirSource("r1", new TaildirSourceOptions
        {
            FileGroups = [new TaildirFileGroup("f1", Path.Combine(logs, @"app\.log"), new Dictionary<string, string>())],
            PositionFile = Path.Combine(dir, "taildir_position.json"),
            BatchSize = batch,
        }, processor);
        using var done = new ManualResetEventSlim();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        source.Start();
        Consumer(channel, lines, batch, done);
        while (!done.IsSet)
        {
            if (source.Process() == ProcessStatus.Backoff)
            {
                done.Wait(1);
            }
        }
        var elapsed = watch.Elapsed;
        source.Stop();
        return (elapsed, cpu);
    }

    private static (TimeSpan Wall, TimeSpan CpuBefore) SpoolDir(string dir, int lines, int batch)
    {
        var spool = Path.Combine(dir, "spool");
        Directory.CreateDirectory(spool);
        WriteLines(Path.Combine(spool, "data.log"), lines);
        var (channel, processor) = Channel(batch);
        var source = new SpoolDirSource("r1", new SpoolDirSourceOptions
        {
            SpoolDir = spool,
            TrackerDir = Path.Combine(spool, ".flumespool"),
            BatchSize = batch,
            MaxLineLength = 2048,
        }, processor);
        using var done = new ManualResetEventSlim();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        source.Start();
        Consumer(channel, lines, batch, done);
        done.Wait();
        var elapsed = watch.Elapsed;
        source.Stop();
        return (elapsed, cpu);
    }
}
