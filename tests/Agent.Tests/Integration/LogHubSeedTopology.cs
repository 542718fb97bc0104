using System.Globalization;
using System.Text.Json;
using FlumeNet.Agent.LogHub;
using FlumeNet.Agent.LogHub.Protocol;
using FlumeNet.Agent.Tests.Support;
using Google.Protobuf;

namespace FlumeNet.Agent.Tests.Integration;

/// <summary>
/// The seed's config (conf/loghub-hdfs.properties) pointed at a LogHub emulator and a test folder, agents running it
/// as processes, logs put with <c>seq</c> fields, and the check of what landed under <c>datetime=YYMMDD/hour=HH</c>.
/// </summary>
internal sealed class LogHubSeedTopology : IDisposable
{
    public const string Project = "seed-project";
    public const string Logstore = "seed-logstore";
    public const string KeyId = "it-id";
    public const string Secret = "it-secret-value";

    /// <summary>The key the test's own writes use, so a RAM policy or fault on the agent's key does not hit them.</summary>
    public const string WriterKeyId = "it-writer";
    public const string WriterSecret = "it-writer-secret";

    /// <summary>The agents' time zone: partitions are in local time, so the test pins one that is not UTC.</summary>
    public const string Zone = "Asia/Shanghai";

    public LogHubSeedTopology(int shards = 2, params string[] emulatorArgs)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("flumenet-loghub-it-").FullName;
        Emulator = EmulatorProcess.LogHub([
            "--port", "0", "--project", Project, "--logstore", Logstore, "--shards", shards.ToString(CultureInfo.InvariantCulture),
            "--access-key-id", KeyId, "--access-key", Secret, "--key", WriterKeyId + ":" + WriterSecret, .. emulatorArgs]);
    }

    public string Directory { get; }

    public EmulatorProcess Emulator { get; }

    public static long HoursAgo(int hours) => DateTimeOffset.UtcNow.ToUnixTimeSeconds() - (hours * 3600L);

    /// <summary>The seed config with endpoint, keys and output folder replaced, reading from the beginning.</summary>
    public string Config(string name, string secret = Secret, string consumerGroup = "consumer_1", params string[] extra)
    {
        var output = Path.Combine(Directory, name, "flume-data", "loghub");
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "conf", "loghub-hdfs.properties")).Select(l => l switch
        {
            _ when l.StartsWith("a1.sources.r1.endpoint", StringComparison.Ordinal) => $"a1.sources.r1.endpoint = {Emulator.Url}",
            _ when l.StartsWith("a1.sources.r1.project", StringComparison.Ordinal) => $"a1.sources.r1.project = {Project}",
            _ when l.StartsWith("a1.sources.r1.logstore", StringComparison.Ordinal) => $"a1.sources.r1.logstore = {Logstore}",
            _ when l.StartsWith("a1.sources.r1.accessKeyId", StringComparison.Ordinal) => $"a1.sources.r1.accessKeyId = {KeyId}",
            _ when l.StartsWith("a1.sources.r1.accessKey ", StringComparison.Ordinal) => $"a1.sources.r1.accessKey = {secret}",
            _ when l.StartsWith("a1.sources.r1.consumerGroup", StringComparison.Ordinal) => $"a1.sources.r1.consumerGroup = {consumerGroup}",
            _ when l.StartsWith("a1.sinks.k1.hdfs.path", StringComparison.Ordinal) => $"a1.sinks.k1.hdfs.path = {output}/datetime=%y%m%d/hour=%H",
            _ => l,
        }).ToList();
        lines.Add("a1.sources.r1.consumerPosition = begin");
        lines.Add("a1.sources.r1.heartbeatInterval = 1000");
        lines.Add("a1.sources.r1.backoffSleepIncrement = 200");
        lines.Add("a1.sources.r1.maxBackoffSleep = 500");
        lines.AddRange(extra);
        var path = Path.Combine(Directory, name + ".properties");
        File.WriteAllLines(path, lines);
        return path;
    }

    public AgentProcess StartAgent(string config, IReadOnlyDictionary<string, string>? environment = null, params string[] extraArgs)
    {
        var env = new Dictionary<string, string> { ["TZ"] = Zone };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            env[k] = v;
        }
        return AgentProcess.Start(Directory, env, ["agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console", .. extraArgs]);
    }

    /// <summary>A client with the writer's key, for the test's own calls (checkpoints, cursors).</summary>
    public LogHubClient WriterClient() =>
        new(LogHubEndpoint.Parse(Emulator.Url.ToString(), Project), Logstore, new LogHubCredentials(WriterKeyId, WriterSecret));

    /// <summary>Puts logs seq = first..first+count-1 with record times spread over <paramref name="spreadHours"/> from <paramref name="start"/>.</summary>
    public void Put(int first, int count, long start, int spreadHours) => Put(first, count, start, spreadHours, null);

    /// <summary>As <see cref="Put(int, int, long, int)"/>, each log with a <c>level</c> field when <paramref name="level"/> is given.</summary>
    public void Put(int first, int count, long start, int spreadHours, Func<int, string>? level)
    {
        using var client = WriterClient();
        for (var from = first; from < first + count; from += 100)
        {
            var group = new LogGroup { Topic = "it", Source = "127.0.0.1" };
            for (var seq = from; seq < Math.Min(first + count, from + 100); seq++)
            {
                var log = new Log { Time = (uint)(start + ((long)(seq - first) * spreadHours * 3600 / count)) };
                log.Contents.Add(new Log.Types.Content { Key = "seq", Value = seq.ToString(CultureInfo.InvariantCulture) });
                log.Contents.Add(new Log.Types.Content { Key = "msg", Value = "hello " + seq });
                if (level is not null)
                {
                    log.Contents.Add(new Log.Types.Content { Key = "level", Value = level(seq) });
                }
                group.Logs.Add(log);
            }
            client.PutLogsAsync(group.ToByteArray(), CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    /// <summary>ListConsumerGroup (<c>GET /logstores/{ls}/consumergroups</c>), signed as any client signs it: the groups' names, timeouts and order flags.</summary>
    public string ConsumerGroupsJson()
    {
        var path = $"/logstores/{Logstore}/consumergroups";
        var date = DateTime.UtcNow.ToString("r", CultureInfo.InvariantCulture);
        KeyValuePair<string, string>[] headers = [new("x-log-apiversion", "0.6.0"), new("x-log-signaturemethod", "hmac-sha1"), new("x-log-bodyrawsize", "0")];
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Emulator.Url, path));
        request.Headers.Host = $"{Project}.127.0.0.1";
        request.Headers.TryAddWithoutValidation("Date", date);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        var signature = LogHubSigner.Sign(WriterSecret, LogHubSigner.StringToSign("GET", null, null, date, headers, path, []));
        request.Headers.TryAddWithoutValidation("Authorization", $"LOG {WriterKeyId}:{signature}");
        using var http = new HttpClient();
        using var response = http.Send(request);
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        Assert.True(response.IsSuccessStatusCode, body);
        return body;
    }

    /// <summary>Every landed line of every agent folder: seq, record time, partition (datetime=…/hour=…), file.</summary>
    public List<(int Seq, long Time, string Partition, string File)> Landed()
    {
        var result = new List<(int, long, string, string)>();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*", SearchOption.AllDirectories))
        {
            var dir = Path.GetDirectoryName(file)!;
            if (!Path.GetFileName(dir).StartsWith("hour=", StringComparison.Ordinal))
            {
                continue;
            }
            var partition = Path.GetFileName(Path.GetDirectoryName(dir)) + "/" + Path.GetFileName(dir);
            foreach (var line in ReadShared(file))
            {
                using var doc = JsonDocument.Parse(line);
                var seq = int.Parse(doc.RootElement.GetProperty("seq").GetString()!, CultureInfo.InvariantCulture);
                var time = long.Parse(doc.RootElement.GetProperty("__time__").GetString()!, CultureInfo.InvariantCulture);
                result.Add((seq, time, partition, file));
            }
        }
        return result;
    }

    /// <summary>Waits until at least <paramref name="count"/> different logs are on disk (bounded).</summary>
    public bool WaitForLanded(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (Landed().Select(l => l.Seq).Distinct().Count() >= count)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is JsonException or FileNotFoundException or DirectoryNotFoundException)
            {
                // A line being written or a file being renamed: look again.
            }
            Thread.Sleep(200);
        }
        return false;
    }

    /// <summary>The partition a record time belongs to in the agents' zone.</summary>
    public static string PartitionOf(long unixSeconds)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds), TimeZoneInfo.FindSystemTimeZoneById(Zone));
        return "datetime=" + local.ToString("yyMMdd", CultureInfo.InvariantCulture) + "/hour=" + local.ToString("HH", CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        Emulator.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static List<string> ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        // A half-written last line has no newline yet: leave it for the next look.
        if (lines.Count > 0 && stream.Length > 0)
        {
            stream.Seek(-1, SeekOrigin.End);
            if (stream.ReadByte() != '\n')
            {
                lines.RemoveAt(lines.Count - 1);
            }
        }
        return lines;
    }
}
