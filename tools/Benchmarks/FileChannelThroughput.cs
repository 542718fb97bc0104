using System.Diagnostics;
using System.Globalization;
using FlumeNet.Agent.Channels.Files;
using FlumeNet.Agent.Core;

namespace FlumeNet.Benchmarks;

/// <summary>
/// File channel put+take throughput (not BenchmarkDotNet: timed runs): one thread puts batches of 256-byte events and
/// commits, one thread takes batches and commits (waiting for the putter's next commit when it finds the channel
/// empty), fsyncPerTransaction = true. They use PutBatch and TakeBatch, as ChannelProcessor (every source) and the
/// batching sinks do; <c>--api event</c> calls Put and Take once per event instead. Beside it, in the same directory
/// (<c>--dir</c>, default under /tmp), the disk's own limit: a loop writing the bytes the channel writes for one put
/// batch (the same Put records and Commit record, built with the channel's encoder from the same 64 random bodies)
/// with one fdatasync each, while a second thread reads each synced batch back, appending to a growing file
/// ("append"), and overwriting a file preallocated with zeros 1 MiB ahead ("prealloc"; the zeros are written, not
/// fallocated, so the data syncs never journal an extent conversion or a size change). The channel's log does either,
/// whichever it measures to be cheaper (GrowthChooser). Both open the file as the channel does (read-write, no O_DIRECT or O_DSYNC) and sync with the channel's
/// own fdatasync call. The channel also writes a Take record per batch (8 bytes per event taken). The
/// three run interleaved in slices of <c>--slice</c> seconds (default 0.5) until each had <c>--seconds</c>, so load
/// from other processes hits all of them alike. Prints events/s for each, the channel's share of the limits over the
/// whole run and as the median of each round's share (robust against bursts of other load), fdatasyncs per batch
/// moved (1.0: one sync per put batch, the take records ride along), and the mean fdatasync time of the prealloc loop
/// and of the channel. On a CPU-saturated machine these two differ widely (the time includes waiting for a CPU after
/// the sync completes, which depends on what else the process runs), so the shares only mean something on a quiet
/// machine. Under each row: the putter's time per batch in its Put calls (wall, and its own CPU time) and in commit, the
/// taker's, and each disk loop's time per batch. Run: <c>dotnet tools/Benchmarks/bin/Release/net10.0/FlumeNet.Benchmarks.dll
/// file-channel [--seconds 3] [--batches 100,1000] [--runs 3] [--slice 0.5] [--dir DIR] [--fsync false]
/// [--api batch|event] [--grow auto|true|false]</c> (or tools/bench/file-channel.sh).
/// </summary>
internal static class FileChannelThroughput
{
    private const int EventSize = 256;

    public static int Run(string[] args)
    {
        var seconds = 3.0;
        var slice = 0.5;
        var batches = new[] { 100, 1000 };
        var runs = 1;
        var root = Path.Combine(Path.GetTempPath(), "flumenet-fc-bench");
        var fsync = true;
        var perEvent = false;
        bool? grow = null;
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--seconds":
                    seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--slice":
                    slice = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
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
                case "--grow":
                    grow = args[i + 1] == "auto" ? null : bool.Parse(args[i + 1]);
                    break;
                case "--api":
                    perEvent = args[i + 1] switch
                    {
                        "batch" => false,
                        "event" => true,
                        _ => throw new ArgumentException("--api is batch or event"),
                    };
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }
        Console.WriteLine($"file channel put+take ({(perEvent ? "Put/Take per event" : "PutBatch/TakeBatch")}), {EventSize} B events, fsyncPerTransaction={fsync}, {seconds:0.#} s each, interleaved in {slice:0.##} s slices, dir {root}");
        Console.WriteLine("batch  run  disk-append ev/s  disk-prealloc ev/s  channel ev/s  channel/append  channel/prealloc  median/prealloc  syncs/batch  sync µs prealloc/channel");
        foreach (var batch in batches)
        {
            for (var run = 1; run <= runs; run++)
            {
                Directory.CreateDirectory(root);
                var records = BatchRecords(batch);
                using var append = new DiskLoop(Path.Combine(root, "disk-append.bin"), records, preallocate: false);
                using var prealloc = new DiskLoop(Path.Combine(root, "disk-prealloc.bin"), records, preallocate: true);
                using var channel = new ChannelLoop(Path.Combine(root, "channel"), batch, fsync, perEvent, grow);
                var sides = new ISide[] { append, prealloc, channel };
                var rounds = Math.Max(1, (int)Math.Round(seconds / slice));
                var shares = new List<double>(rounds);
                var rates = new double[sides.Length];
                for (var r = 0; r < rounds; r++)
                {
                    // Rotate the order so no side always follows the same one.
                    for (var k = 0; k < sides.Length; k++)
                    {
                        var i = (r + k) % sides.Length;
                        rates[i] = sides[i].RunFor(slice);
                    }
                    // The channel against the limit measured in the same round: a burst of other load hits both.
                    shares.Add(rates[2] / (rates[1] * batch));
                }
                shares.Sort();
                var median = shares[shares.Count / 2];
                var a = append.PerSecond * batch;
                var p = prealloc.PerSecond * batch;
                var c = channel.PerSecond;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{batch,5}  {run,3}  {a,16:0}  {p,18:0}  {c,12:0}  {c / a,13:P0}  {c / p,15:P0}  {median,15:P0}  {channel.SyncsPerBatch,11:0.00}  {prealloc.SyncMicros,9:0} / {channel.SyncMicros:0}"));
                double Us(long t, long n) => t * 1e6 / Stopwatch.Frequency / Math.Max(1, n);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   put µs/batch {Us(channel.PutTicks, channel.PutBatches):0} (CPU {channel.PutCpuNanos / 1000.0 / Math.Max(1, channel.PutBatches):0}) commit {Us(channel.CommitTicks, channel.PutBatches):0}; take µs/batch {Us(channel.TakeTicks, channel.TakeBatches):0} commit {Us(channel.TakeCommitTicks, channel.TakeBatches):0} ({channel.TakeBatches} take batches for {channel.PutBatches} puts); disk loop µs/batch append {1e6 / append.PerSecond:0} prealloc {1e6 / prealloc.PerSecond:0}; log grew during {channel.GrowShare:P0} of its syncs"));
                if (channel.Failure is not null)
                {
                    Console.Error.WriteLine($"channel failed: {channel.Failure.Message}");
                    return 1;
                }
            }
        }
        return 0;
    }

    // 64 random bodies, used in turn by the channel's events and in the disk loops' records.
    private static readonly byte[][] Bodies = [.. Enumerable.Range(0, 64).Select(_ => RandomBytes(EventSize))];

    private static byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        Random.Shared.NextBytes(b);
        return b;
    }

    // The bytes the channel writes for one put batch (its Put records and the Commit record), so the disk loops write
    // the same amount of the same kind of data per sync. The channel writes a batch's Take record on top of this.
    private static byte[] BatchRecords(int batch)
    {
        var size = LogFormat.HeaderSize + LogFormat.CommitPayloadSize;
        var e = new FlumeEvent(Bodies[0]);
        size += batch * (LogFormat.HeaderSize + EventCodec.PayloadSize(e));
        var buffer = new byte[size];
        var pos = 0;
        for (var i = 0; i < batch; i++)
        {
            e = new FlumeEvent(Bodies[i % Bodies.Length]);
            var payload = EventCodec.PayloadSize(e);
            var record = buffer.AsSpan(pos, LogFormat.HeaderSize + payload);
            LogFormat.WriteHeader(record, LogFormat.Put, payload);
            EventCodec.Write(e, record[LogFormat.HeaderSize..]);
            LogFormat.Seal(record);
            pos += record.Length;
        }
        var commit = buffer.AsSpan(pos);
        LogFormat.WriteHeader(commit, LogFormat.Commit, LogFormat.CommitPayloadSize);
        commit[LogFormat.HeaderSize] = LogFormat.CommitPuts;
        LogFormat.Seal(commit);
        return buffer;
    }

    private interface ISide
    {
        /// <returns>Its rate during this slice (syncs/s for the disk loops, events/s for the channel).</returns>
        double RunFor(double seconds);
    }

    /// <summary>
    /// Write one batch's bytes, fdatasync, repeat; a second thread reads each synced batch back, as the channel's taker
    /// does. The reader matters on a crowded machine: a process whose only thread sleeps in fdatasync waits longer for
    /// the CPU when the sync completes than one with another busy thread (group scheduling), which would make the
    /// limit look slower than the channel's own syncs.
    /// </summary>
    private sealed class DiskLoop : ISide, IDisposable
    {
        private static readonly byte[] Zeros = new byte[1 << 20];
        private readonly string _path;
        private readonly byte[] _buffer;
        private readonly bool _preallocate;
        private readonly Microsoft.Win32.SafeHandles.SafeFileHandle _handle;
        private readonly Thread _reader;
        private readonly ManualResetEventSlim _wrote = new(false);
        private volatile bool _stop;
        private long _synced;
        private long _allocated;
        private long _pos;
        private long _syncs;
        private long _syncTicks;
        private double _elapsed;

        public DiskLoop(string path, byte[] records, bool preallocate)
        {
            _path = path;
            _buffer = records;
            _preallocate = preallocate;
            _handle = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite);
            _reader = new Thread(ReadBack) { Name = "bench-read-back" };
            _reader.Start();
        }

        /// <summary>fdatasyncs per second.</summary>
        public double PerSecond => _syncs / _elapsed;

        public double SyncMicros => _syncTicks * 1e6 / Stopwatch.Frequency / Math.Max(1, _syncs);

        public double RunFor(double seconds)
        {
            var watch = Stopwatch.StartNew();
            var syncs = _syncs;
            while (watch.Elapsed.TotalSeconds < seconds)
            {
                while (_preallocate && _pos + _buffer.Length > _allocated)
                {
                    RandomAccess.Write(_handle, Zeros, _allocated);
                    _allocated += Zeros.Length;
                }
                RandomAccess.Write(_handle, _buffer, _pos);
                _pos += _buffer.Length;
                var started = Stopwatch.GetTimestamp();
                DiskSync.Data(_handle);
                _syncTicks += Stopwatch.GetTimestamp() - started;
                _syncs++;
                Volatile.Write(ref _synced, _pos);
                _wrote.Set();
            }
            _elapsed += watch.Elapsed.TotalSeconds;
            return (_syncs - syncs) / watch.Elapsed.TotalSeconds;
        }

        public void Dispose()
        {
            _stop = true;
            _wrote.Set();
            _reader.Join();
            _wrote.Dispose();
            _handle.Dispose();
            File.Delete(_path);
        }

        private void ReadBack()
        {
            var chunk = new byte[_buffer.Length];
            long read = 0;
            while (!_stop)
            {
                _wrote.Reset();
                var synced = Volatile.Read(ref _synced);
                if (read >= synced)
                {
                    _wrote.Wait(10);
                    continue;
                }
                var n = (int)Math.Min(chunk.Length, synced - read);
                read += RandomAccess.Read(_handle, chunk.AsSpan(0, n), read);
            }
        }
    }

    /// <summary>A putter and a taker thread on one channel, let run during a slice and parked between slices.</summary>
    private sealed class ChannelLoop : ISide, IDisposable
    {
        private readonly string _dir;
        private readonly int _batch;
        private readonly bool _perEvent;
        private readonly FlumeEvent[] _events;
        private readonly List<FlumeEvent> _takenEvents;
        private readonly FileChannel _channel;
        private readonly Thread _putter;
        private readonly Thread _taker;
        private readonly ManualResetEventSlim _go = new(false);
        private readonly ManualResetEventSlim _committed = new(false);
        private int _next;
        private volatile bool _stop;
        private int _busy;
        private long _taken;
        private long _batches;
        private long _syncs;
        private long _syncTicks;
        private double _elapsed;

        public ChannelLoop(string dir, int batch, bool fsync, bool perEvent, bool? grow)
        {
            _dir = dir;
            _batch = batch;
            _perEvent = perEvent;
            _events = new FlumeEvent[batch];
            _takenEvents = new List<FlumeEvent>(batch);
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
                GrowLogFiles = grow,
            };
            _channel = new FileChannel("bench", settings);
            _channel.Start();
            _putter = new Thread(() => Loop(Put)) { Name = "bench-put" };
            _taker = new Thread(() => Loop(Take)) { Name = "bench-take" };
            _putter.Start();
            _taker.Start();
        }

        public Exception? Failure { get; private set; }

        public double PerSecond => _taken / _elapsed;

        public double GrowShare => _channel.LogGrowShare;

        public double SyncsPerBatch => _batches == 0 ? 0 : (double)_syncs / _batches;

        public double SyncMicros => _syncTicks * 1e6 / Stopwatch.Frequency / Math.Max(1, _syncs);

        public double RunFor(double seconds)
        {
            var taken = Interlocked.Read(ref _taken);
            var syncs = _channel.LogSyncs;
            var syncTicks = _channel.LogSyncTicks;
            var watch = Stopwatch.StartNew();
            _go.Set();
            Thread.Sleep(TimeSpan.FromSeconds(seconds));
            _go.Reset();
            while (Volatile.Read(ref _busy) > 0)
            {
                Thread.Yield();
            }
            _elapsed += watch.Elapsed.TotalSeconds;
            var moved = Interlocked.Read(ref _taken) - taken;
            _batches += moved / _batch;
            _syncs += _channel.LogSyncs - syncs;
            _syncTicks += _channel.LogSyncTicks - syncTicks;
            return moved / watch.Elapsed.TotalSeconds;
        }

        public void Dispose()
        {
            _stop = true;
            _go.Set();
            _putter.Join();
            _taker.Join();
            _channel.Stop();
            _go.Dispose();
            _committed.Dispose();
            Directory.Delete(_dir, recursive: true);
        }

        // The putting thread's own CPU time (not wall time: on a crowded machine that includes waiting for a CPU).
        private static long ThreadCpuNanos()
        {
            if (!OperatingSystem.IsLinux() || clock_gettime(3, out var ts) != 0)
            {
                return 0;
            }
            return (ts.Seconds * 1_000_000_000) + ts.Nanos;
        }

        [System.Runtime.InteropServices.DllImport("libc")]
        private static extern int clock_gettime(int clock, out TimeSpec ts);

        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanos;
        }

        private void Loop(Action step)
        {
            try
            {
                while (true)
                {
                    _go.Wait();
                    if (_stop)
                    {
                        return;
                    }
                    Interlocked.Increment(ref _busy);
                    try
                    {
                        if (_go.IsSet)
                        {
                            step();
                        }
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _busy);
                    }
                }
            }
            catch (ChannelException ex)
            {
                Failure = ex;
            }
        }

        private void Put()
        {
            var t0 = Stopwatch.GetTimestamp();
            var cpu0 = ThreadCpuNanos();
            using var tx = _channel.BeginTransaction();
            if (_perEvent)
            {
                for (var i = 0; i < _batch; i++)
                {
                    tx.Put(new FlumeEvent(Bodies[_next++ & (Bodies.Length - 1)]));
                }
            }
            else
            {
                for (var i = 0; i < _batch; i++)
                {
                    _events[i] = new FlumeEvent(Bodies[_next++ & (Bodies.Length - 1)]);
                }
                tx.PutBatch(_events);
                // A source's batch list is short-lived; kept in this long-lived array the events would survive each GC.
                Array.Clear(_events);
            }
            var t1 = Stopwatch.GetTimestamp();
            PutCpuNanos += ThreadCpuNanos() - cpu0;
            tx.Commit();
            var t2 = Stopwatch.GetTimestamp();
            PutTicks += t1 - t0;
            CommitTicks += t2 - t1;
            PutBatches++;
            _committed.Set();
        }

        public long PutTicks;
        public long PutCpuNanos;
        public long CommitTicks;
        public long PutBatches;
        public long TakeTicks;
        public long TakeCommitTicks;
        public long TakeBatches;

        // A taker that finds the channel empty waits for the putter's next commit instead of polling: a polling thread
        // takes the CPU that the disk's completion and the putter need (on a loaded machine it skews the comparison).
        private void Take()
        {
            _committed.Reset();
            var t0 = Stopwatch.GetTimestamp();
            using var tx = _channel.BeginTransaction();
            var n = 0;
            if (_perEvent)
            {
                while (n < _batch && tx.Take() is not null)
                {
                    n++;
                }
            }
            else
            {
                n = tx.TakeBatch(_takenEvents, _batch);
                _takenEvents.Clear();
            }
            var t1 = Stopwatch.GetTimestamp();
            tx.Commit();
            if (n > 0)
            {
                TakeTicks += t1 - t0;
                TakeCommitTicks += Stopwatch.GetTimestamp() - t1;
                TakeBatches++;
            }
            Interlocked.Add(ref _taken, n);
            if (n == 0)
            {
                _committed.Wait(10);
            }
        }
    }
}
