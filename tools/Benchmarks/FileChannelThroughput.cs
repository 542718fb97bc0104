using System.Diagnostics;
using System.Globalization;
using FlumeNet.Agent.Channels.Files;
using FlumeNet.Agent.Core;

namespace FlumeNet.Benchmarks;

/// <summary>
/// File channel put+take throughput (not BenchmarkDotNet: timed runs): one thread puts batches of 256-byte events and
/// commits, one thread takes batches and commits, fsyncPerTransaction = true, for <c>--seconds</c> per batch size
/// (<c>--batches 100,1000</c>). Side by side, in the same run and directory (<c>--dir</c>, default under /tmp), the disk's
/// own limit: a loop writing the same bytes per batch (the batch's Put records + commit) with one fdatasync each,
/// appending to a file ("append"), and overwriting a preallocated file ("prealloc", what the channel's log does).
/// Prints events/s for each and the channel's share of the limits. Run: <c>dotnet run -c Release --project
/// tools/Benchmarks -- file-channel [--seconds 5] [--batches 100,1000] [--runs 1] [--dir DIR] [--fsync false]</c>
/// (<c>--fsync false</c> shows the channel's CPU-bound rate, without the per-commit sync).
/// </summary>
internal static class FileChannelThroughput
{
    private const int EventSize = 256;

    public static int Run(string[] args)
    {
        var seconds = 5.0;
        var batches = new[] { 100, 1000 };
        var runs = 1;
        var root = Path.Combine(Path.GetTempPath(), "flumenet-fc-bench");
        var fsync = true;
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--seconds":
                    seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--batches":
                    batches = [.. args[i + 1].Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture))];
                    break;
                case "--runs":
                    runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--dir":
                    root = args[i + 1];
                    break;
                case "--fsync":
                    fsync = bool.Parse(args[i + 1]);
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }
        Console.WriteLine($"file channel put+take, {EventSize} B events, fsyncPerTransaction={fsync}, {seconds:0.#} s per measurement, dir {root}");
        Console.WriteLine("batch  run  disk-append ev/s  disk-prealloc ev/s  channel ev/s  channel/append  channel/prealloc");
        foreach (var batch in batches)
        {
            for (var run = 1; run <= runs; run++)
            {
                var recordBytes = batch * (EventSize + 12 + 1) + 28;
                var append = DiskLimit(root, recordBytes, seconds, preallocate: false) * batch;
                var prealloc = DiskLimit(root, recordBytes, seconds, preallocate: true) * batch;
                var channel = Channel(root, batch, seconds, fsync);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{batch,5}  {run,3}  {append,16:0}  {prealloc,18:0}  {channel,12:0}  {channel / append,13:P0}  {channel / prealloc,15:P0}"));
            }
        }
        return 0;
    }

    /// <returns>fdatasyncs per second, each after writing <paramref name="bytes"/>.</returns>
    private static double DiskLimit(string root, int bytes, double seconds, bool preallocate)
    {
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, "disk-limit.bin");
        var buffer = new byte[bytes];
        Random.Shared.NextBytes(buffer);
        var syncs = 0;
        var watch = Stopwatch.StartNew();
        using (var handle = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite))
        {
            var zeros = new byte[1 << 20];
            long allocated = 0;
            long pos = 0;
            while (watch.Elapsed.TotalSeconds < seconds)
            {
                while (preallocate && pos + bytes > allocated)
                {
                    RandomAccess.Write(handle, zeros, allocated);
                    allocated += zeros.Length;
                }
                RandomAccess.Write(handle, buffer, pos);
                pos += bytes;
                DiskSync.Data(handle);
                syncs++;
            }
        }
        var rate = syncs / watch.Elapsed.TotalSeconds;
        File.Delete(path);
        return rate;
    }

    /// <returns>Events put and taken per second.</returns>
    private static double Channel(string root, int batch, double seconds, bool fsync)
    {
        var dir = Path.Combine(root, "channel");
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
        var settings = new FileChannelSettings
        {
            CheckpointDir = Path.Combine(dir, "checkpoint"),
            DataDirs = [Path.Combine(dir, "data")],
            Capacity = 1_000_000,
            TransactionCapacity = Math.Max(10_000, batch),
            MinimumRequiredSpace = 1 << 20,
            FsyncPerTransaction = fsync,
        };
        using var channel = new FileChannel("bench", settings);
        channel.Start();
        var body = new byte[EventSize];
        Random.Shared.NextBytes(body);
        var stop = false;
        long taken = 0;
        Exception? failure = null;
        var putter = new Thread(() =>
        {
            try
            {
                while (!Volatile.Read(ref stop))
                {
                    using var tx = channel.BeginTransaction();
                    for (var i = 0; i < batch; i++)
                    {
                        tx.Put(new FlumeEvent(body));
                    }
                    tx.Commit();
                }
            }
            catch (ChannelException ex)
            {
                failure = ex;
            }
        });
        var taker = new Thread(() =>
        {
            try
            {
                while (!Volatile.Read(ref stop))
                {
                    using var tx = channel.BeginTransaction();
                    var n = 0;
                    while (n < batch && tx.Take() is not null)
                    {
                        n++;
                    }
                    tx.Commit();
                    Interlocked.Add(ref taken, n);
                    if (n == 0)
                    {
                        Thread.Sleep(0);
                    }
                }
            }
            catch (ChannelException ex)
            {
                failure = ex;
            }
        });
        var watch = Stopwatch.StartNew();
        putter.Start();
        taker.Start();
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        var rate = Interlocked.Read(ref taken) / watch.Elapsed.TotalSeconds;
        Volatile.Write(ref stop, true);
        putter.Join();
        taker.Join();
        if (failure is not null)
        {
            Console.Error.WriteLine($"channel failed: {failure.Message}");
        }
        channel.Stop();
        Directory.Delete(dir, recursive: true);
        return rate;
    }
}
