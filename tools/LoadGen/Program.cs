using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace FlumeNet.LoadGen;

/// <summary>
/// End-to-end load: sends <c>--events</c> lines of <c>--size</c> bytes over <c>--connections</c> TCP connections to
/// <c>--port</c> on 127.0.0.1 (replies, if any, are drained), then waits until the files under <c>--out</c> hold every
/// byte, and prints events/s and MB/s measured from the first byte sent to the last byte on disk.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var a = Args.Parse(args);
        var line = new byte[a.Size + 1];
        Array.Fill(line, (byte)'x');
        line[^1] = (byte)'\n';
        var perConnection = a.Events / a.Connections;
        var total = perConnection * a.Connections;
        var expectedBytes = a.ExistingBytes() + total * line.Length;
        var watch = Stopwatch.StartNew();
        var senders = new Task[a.Connections];
        for (var c = 0; c < a.Connections; c++)
        {
            senders[c] = Task.Run(() => Send(a.Port, line, perConnection));
        }
        await Task.WhenAll(senders).ConfigureAwait(false);
        var sent = watch.Elapsed;
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (a.OutputBytes() < expectedBytes && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5).ConfigureAwait(false);
        }
        var done = watch.Elapsed;
        var landed = a.OutputBytes() >= expectedBytes;
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv,
            $"events={total} size={a.Size} connections={a.Connections} sent_in={sent.TotalSeconds:F3}s delivered_in={done.TotalSeconds:F3}s " +
            $"events_per_s={total / done.TotalSeconds:F0} MB_per_s={total * (double)line.Length / done.TotalSeconds / 1e6:F1} complete={landed}"));
        return landed ? 0 : 1;
    }

    private static async Task Send(int port, byte[] line, long count)
    {
        using var client = new TcpClient();
        client.NoDelay = false;
        await client.ConnectAsync("127.0.0.1", port).ConfigureAwait(false);
        var stream = client.GetStream();
        var drain = Task.Run(async () =>
        {
            var sink = new byte[64 * 1024];
            try
            {
                while (await stream.ReadAsync(sink).ConfigureAwait(false) > 0)
                {
                }
            }
            catch (IOException)
            {
            }
        });
        // Write in large chunks of whole lines, as a busy log shipper would.
        var perChunk = Math.Max(1, 256 * 1024 / line.Length);
        var chunk = new byte[perChunk * line.Length];
        for (var i = 0; i < perChunk; i++)
        {
            line.CopyTo(chunk, i * line.Length);
        }
        var left = count;
        while (left > 0)
        {
            var n = (int)Math.Min(left, perChunk);
            await stream.WriteAsync(chunk.AsMemory(0, n * line.Length)).ConfigureAwait(false);
            left -= n;
        }
        client.Client.Shutdown(SocketShutdown.Send);
        await Task.WhenAny(drain, Task.Delay(TimeSpan.FromMinutes(5))).ConfigureAwait(false);
    }

    private sealed record Args(int Port, long Events, int Size, int Connections, string Out)
    {
        public static Args Parse(string[] args)
        {
            string Get(string name, string fallback)
            {
                var i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
            }
            var inv = CultureInfo.InvariantCulture;
            return new Args(int.Parse(Get("--port", "44444"), inv), long.Parse(Get("--events", "1000000"), inv),
                int.Parse(Get("--size", "256"), inv), int.Parse(Get("--connections", "2"), inv), Get("--out", "./out"));
        }

        public long OutputBytes()
        {
            if (!Directory.Exists(Out))
            {
                return 0;
            }
            long sum = 0;
            foreach (var f in Directory.GetFiles(Out, "*", SearchOption.AllDirectories))
            {
                sum += new FileInfo(f).Length;
            }
            return sum;
        }

        public long ExistingBytes() => OutputBytes();
    }
}
