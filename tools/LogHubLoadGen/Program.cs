using System.Diagnostics;
using System.Globalization;
using FlumeNet.Agent.LogHub;
using FlumeNet.Agent.LogHub.Protocol;
using Google.Protobuf;

namespace FlumeNet.LogHubLoadGen;

/// <summary>
/// Puts sample logs into a LogHub logstore (the bundled emulator or the real service) with PutLogs, using the agent's
/// own client: <c>--count</c> logs in LogGroups of <c>--batch</c>, each with a unique <c>seq</c> field, a level, a
/// message padded to about <c>--size</c> bytes, and a record time spread evenly over <c>--spread-hours</c> hours
/// from <c>--start</c> (unix seconds), paced to <c>--rate-mbps</c> when given. Prints one JSON line with what it put.
/// <c>verify --dir D --count N</c> checks what the seed's topology wrote from such logs (<see cref="LandedLogsReport"/>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 5 && args[0] == "verify" && args[1] == "--dir" && args[3] == "--count")
        {
            return LandedLogsReport.Run(args[2], int.Parse(args[4], CultureInfo.InvariantCulture), Console.Out);
        }
        var a = LoadGenArgs.Parse(args);
        if (a is null)
        {
            await Console.Error.WriteLineAsync(LoadGenArgs.Usage).ConfigureAwait(false);
            return 2;
        }
        using var client = new LogHubClient(LogHubEndpoint.Parse(a.Endpoint, a.Project), a.Logstore, new LogHubCredentials(a.AccessKeyId, a.AccessKey));
        var levels = new[] { "INFO", "WARN", "ERROR", "DEBUG" };
        var padding = new string('x', Math.Max(0, a.Size - 40));
        var span = Math.Max(1L, a.SpreadHours * 3600L);
        var watch = Stopwatch.StartNew();
        var bytes = 0L;
        var inFlight = new List<Task>();
        for (var first = 0; first < a.Count; first += a.Batch)
        {
            var group = new LogGroup { Topic = "demo", Source = "127.0.0.1" };
            group.LogTags.Add(new LogTag { Key = "__hostname__", Value = "loadgen" });
            for (var i = first; i < Math.Min(a.Count, first + a.Batch); i++)
            {
                var log = new Log { Time = (uint)(a.Start + (i * span / a.Count)) };
                log.Contents.Add(new Log.Types.Content { Key = "seq", Value = i.ToString(CultureInfo.InvariantCulture) });
                log.Contents.Add(new Log.Types.Content { Key = "level", Value = levels[i % levels.Length] });
                log.Contents.Add(new Log.Types.Content { Key = "message", Value = "request " + i.ToString(CultureInfo.InvariantCulture) + " served " + padding });
                group.Logs.Add(log);
            }
            var body = group.ToByteArray();
            bytes += body.Length;
            if (a.RateMegabytesPerSecond > 0)
            {
                var due = TimeSpan.FromSeconds(bytes / (a.RateMegabytesPerSecond * 1e6));
                if (due > watch.Elapsed)
                {
                    await Task.Delay(due - watch.Elapsed).ConfigureAwait(false);
                }
            }
            inFlight.Add(client.PutLogsAsync(body, CancellationToken.None));
            if (inFlight.Count >= a.Concurrency)
            {
                await Task.WhenAll(inFlight).ConfigureAwait(false);
                inFlight.Clear();
            }
        }
        await Task.WhenAll(inFlight).ConfigureAwait(false);
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"logs\":{a.Count},\"groups\":{(a.Count + a.Batch - 1) / a.Batch},\"rawBytes\":{bytes},\"start\":{a.Start},\"end\":{a.Start + span},\"seconds\":{seconds:0.###}}}"));
        return 0;
    }
}
